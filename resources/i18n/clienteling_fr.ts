<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>Audit</name>
    <message>
        <location filename="../../clienteling/ui/audit/model.py" line="28"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/model.py" line="28"/>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/model.py" line="28"/>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/model.py" line="28"/>
        <source>On what</source>
        <translation>Sur quoi</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/model.py" line="28"/>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/model.py" line="40"/>
        <source>Nobody signed in</source>
        <translation>Personne n&apos;était connecté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/model.py" line="64"/>
        <source>Recorded by the central service at %1</source>
        <translation>Enregistré par le service central&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="29"/>
        <source>The audit trail lists who did what and when at %1: handovers, returns, notes, holds and every other change, including the ones the central service refused. A manager of this store signs in with their PIN to see it.</source>
        <translation>Le journal d&apos;audit de %1 indique qui a fait quoi et quand&#xa0;: remises, retours, notes, mises de côté et toutes les autres modifications, y compris celles que le service central a refusées. Un responsable de ce magasin se connecte avec son code PIN pour le consulter.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="32"/>
        <source>Open the audit trail</source>
        <translation>Ouvrir le journal d&apos;audit</translation>
    </message>
</context>
<context>
    <name>AuditFilters</name>
    <message>
        <location filename="../../clienteling/ui/audit/filters.py" line="27"/>
        <source>Associate</source>
        <translation>Conseiller</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/filters.py" line="28"/>
        <location filename="../../clienteling/ui/audit/filters.py" line="79"/>
        <source>Everyone</source>
        <translation>Tout le monde</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/filters.py" line="29"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/filters.py" line="30"/>
        <source>Every action</source>
        <translation>Toutes les actions</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/filters.py" line="34"/>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/filters.py" line="34"/>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
</context>
<context>
    <name>AuditScreen</name>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="34"/>
        <source>The audit trail could not be read: %1</source>
        <translation>Impossible de lire le journal d&apos;audit&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="40"/>
        <source>Audit trail · %1</source>
        <translation>Journal d&apos;audit · %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="91"/>
        <source>No actions recorded in this period.</source>
        <translation>Aucune action enregistrée sur cette période.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="93"/>
        <source>The newest %1 actions: choose a shorter period or filter to see older ones</source>
        <translation>Les %1 actions les plus récentes&#xa0;: choisissez une période plus courte ou filtrez pour voir les plus anciennes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="95"/>
        <source>%1 action(s), newest first</source>
        <translation>%1 action(s), les plus récentes en premier</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="96"/>
        <source>times are store time (%1)</source>
        <translation>heures du magasin (%1)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="114"/>
        <source>Export the audit trail to a folder</source>
        <translation>Exporter le journal d&apos;audit dans un dossier</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="120"/>
        <source>The CSV file could not be written: %1</source>
        <translation>Impossible d&apos;écrire le fichier CSV&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/audit/screen.py" line="122"/>
        <source>Audit trail saved as %1</source>
        <translation>Journal d&apos;audit enregistré sous %1</translation>
    </message>
</context>
<context>
    <name>AvailabilityModel</name>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="26"/>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="26"/>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="26"/>
        <source>On hand</source>
        <translation>En stock</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="26"/>
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="27"/>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="27"/>
        <source>As of</source>
        <translation>À jour au</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="29"/>
        <source>this store</source>
        <translation>ce magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="29"/>
        <source>store</source>
        <translation>magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="30"/>
        <source>distribution centre</source>
        <translation>entrepôt</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="30"/>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="40"/>
        <source>here</source>
        <translation>ici</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="45"/>
        <source>%1 + %2 pending</source>
        <translation>%1 + %2 en attente</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clienteling/ui/inventory/availability_model.py" line="70"/>
        <source>%n held at this terminal, waiting for the central service</source>
        <translation>
            <numerusform>%n mis de côté sur ce poste, en attente du service central</numerusform>
            <numerusform>%n mis de côté sur ce poste, en attente du service central</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="15"/>
        <source>Cancel order %1</source>
        <translation>Annuler la commande %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="18"/>
        <source>Cancel order %1?</source>
        <translation>Annuler la commande %1&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="21"/>
        <source>The order closes and the customer is told. Nothing can be handed over afterwards.</source>
        <translation>La commande est clôturée et le client est prévenu. Plus rien ne pourra être remis ensuite.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="26"/>
        <source>The customer asked to cancel</source>
        <translation>Le client a demandé l&apos;annulation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="26"/>
        <source>The items are not available</source>
        <translation>Les articles ne sont pas disponibles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="27"/>
        <source>The items are damaged</source>
        <translation>Les articles sont endommagés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="27"/>
        <source>Other reason</source>
        <translation>Autre motif</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="31"/>
        <source>Note (optional)</source>
        <translation>Note (facultative)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="33"/>
        <source>Keep the order</source>
        <translation>Conserver la commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/cancel_dialog.py" line="34"/>
        <source>Cancel the order</source>
        <translation>Annuler la commande</translation>
    </message>
</context>
<context>
    <name>ConsentTab</name>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="25"/>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="62"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="25"/>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="62"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="25"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="26"/>
        <source>Contact permissions</source>
        <translation>Autorisations de contact</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="38"/>
        <source>Opt in</source>
        <translation>Accepte</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="39"/>
        <source>Record opt-in for %1</source>
        <translation>Enregistrer l&apos;accord pour le canal %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="41"/>
        <source>Opt out</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="42"/>
        <source>Record opt-out for %1</source>
        <translation>Enregistrer le refus pour le canal %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="50"/>
        <source>Record what the customer tells you; the time is saved with it.</source>
        <translation>Enregistrez ce que le client vous indique ; l&apos;heure est enregistrée avec.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="56"/>
        <source>Reach out</source>
        <translation>Prendre contact</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="58"/>
        <source>What is the contact about? e.g. your size M is back</source>
        <translation>Objet du contact&#xa0;? ex. votre taille M est de retour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="59"/>
        <source>Outreach message summary</source>
        <translation>Résumé du message de prise de contact</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="62"/>
        <source>Call</source>
        <translation>Appeler</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="65"/>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="107"/>
        <source>Log a contact by %1</source>
        <translation>Enregistrer un contact par %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="71"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="72"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="73"/>
        <source>About</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="74"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="76"/>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="81"/>
        <source>Contacts made</source>
        <translation>Contacts effectués</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="78"/>
        <source>No contacts logged yet.</source>
        <translation>Aucun contact enregistré pour l&apos;instant.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="94"/>
        <source>not asked yet</source>
        <translation>pas encore demandé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="96"/>
        <source>opted in %1</source>
        <translation>accepté %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="98"/>
        <source>opted out %1</source>
        <translation>refusé %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="108"/>
        <source>Disabled: the customer has not opted in to %1 contact.</source>
        <translation>Désactivé&#xa0;: le client n&apos;a pas accepté d&apos;être contacté par %1.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/consent_tab.py" line="115"/>
        <source>Contacted by %1</source>
        <translation>Contacté par %1</translation>
    </message>
</context>
<context>
    <name>CreateCustomerDialog</name>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="40"/>
        <source>New customer — loyalty sign-up</source>
        <translation>Nouveau client — inscription fidélité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="45"/>
        <source>Sign up a new loyalty member</source>
        <translation>Inscrire un nouveau membre du programme de fidélité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="80"/>
        <source>Consent: %1</source>
        <translation>Consentement&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="84"/>
        <source>Agrees to</source>
        <translation>Accepte</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="101"/>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="281"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="103"/>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="158"/>
        <source>Create customer</source>
        <translation>Créer le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="107"/>
        <source>Open customer</source>
        <translation>Ouvrir la fiche</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="183"/>
        <source>Create anyway</source>
        <translation>Créer quand même</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="199"/>
        <source>This may be someone who is already a member:</source>
        <translation>Cette personne est peut-être déjà membre&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="205"/>
        <source>card pending</source>
        <translation>carte en attente</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="210"/>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="212"/>
        <source>Open %1</source>
        <translation>Ouvrir %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="236"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="258"/>
        <source>Signed up. Loyalty number: %1</source>
        <translation>Inscription faite. Numéro de fidélité&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="261"/>
        <source>The central service refused this sign-up: %1</source>
        <translation>Le service central a refusé cette inscription&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="266"/>
        <source>Saved. Loyalty number: pending — </source>
        <translation>Enregistré. Numéro de fidélité&#xa0;: en attente — </translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="267"/>
        <source>it is assigned when this terminal is back online.</source>
        <translation>il sera attribué quand ce poste sera de nouveau en ligne.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/create_dialog.py" line="268"/>
        <source>waiting for the central service…</source>
        <translation>en attente du service central…</translation>
    </message>
</context>
<context>
    <name>CustomerCard</name>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="38"/>
        <source>No customer selected</source>
        <translation>Aucun client sélectionné</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="40"/>
        <source>Search above, then press Enter or double-click a result.</source>
        <translation>Recherchez ci-dessus, puis appuyez sur Entrée ou double-cliquez sur un résultat.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="49"/>
        <source>Loyalty card: %1</source>
        <translation>Carte de fidélité&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="49"/>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="50"/>
        <source>Email: %1</source>
        <translation>E-mail&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="51"/>
        <source>Phone: %1</source>
        <translation>Téléphone&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="52"/>
        <source>Home store: %1</source>
        <translation>Magasin principal&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="53"/>
        <source>Last visit: %1</source>
        <translation>Dernière visite&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/customer_card.py" line="53"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
</context>
<context>
    <name>CustomerProfileScreen</name>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="60"/>
        <source>This customer is not in this terminal&apos;s data.</source>
        <translation>Ce client n&apos;est pas dans les données de ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="73"/>
        <source>Overview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="73"/>
        <source>For them</source>
        <translation>Pour ce client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="74"/>
        <source>Purchases</source>
        <translation>Achats</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="75"/>
        <source>Loyalty</source>
        <translation>Fidélité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="75"/>
        <source>Notes &amp;&amp; follow-ups</source>
        <translation>Notes &amp;&amp; relances</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="76"/>
        <source>Consent &amp;&amp; outreach</source>
        <translation>Consentements &amp;&amp; contacts</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="210"/>
        <source>The change could not be saved: %1</source>
        <translation>Impossible d&apos;enregistrer la modification&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="214"/>
        <source>Preferences saved</source>
        <translation>Préférences enregistrées</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="225"/>
        <source>%1 points redeemed</source>
        <translation>%1 points utilisés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="229"/>
        <source>Redeem %1 points, over this terminal&apos;s offline limit.</source>
        <translation>Utiliser %1 points, au-delà de la limite hors ligne de ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="238"/>
        <source>Note added</source>
        <translation>Note ajoutée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="242"/>
        <location filename="../../clienteling/ui/profile/screen.py" line="266"/>
        <source>Follow-up added</source>
        <translation>Relance ajoutée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="246"/>
        <source>Follow-up done</source>
        <translation>Relance faite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="250"/>
        <source>Consent recorded</source>
        <translation>Consentement enregistré</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="254"/>
        <source>Contact logged</source>
        <translation>Contact enregistré</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="259"/>
        <source>%1 put on hold</source>
        <translation>%1 mis de côté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="262"/>
        <source>size %1</source>
        <translation>taille %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/screen.py" line="263"/>
        <source>Suggest the %1</source>
        <translation>Proposer %1</translation>
    </message>
</context>
<context>
    <name>CustomerResultsModel</name>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="45"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="45"/>
        <source>Tier</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="45"/>
        <source>Home store</source>
        <translation>Magasin principal</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="46"/>
        <source>Last visit</source>
        <translation>Dernière visite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="46"/>
        <source>Matched</source>
        <translation>Correspondance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="73"/>
        <location filename="../../clienteling/ui/customers/results_model.py" line="84"/>
        <source>(similar spelling)</source>
        <translation>(orthographe proche)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="75"/>
        <source>other region</source>
        <translation>autre région</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="120"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/results_model.py" line="124"/>
        <source>loyalty number pending</source>
        <translation>numéro de fidélité en attente</translation>
    </message>
</context>
<context>
    <name>CustomerSearchPanel</name>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="48"/>
        <source>Find a customer: name, phone, email or loyalty card  (Ctrl+K)</source>
        <translation>Trouver un client&#xa0;: nom, téléphone, e-mail ou carte de fidélité  (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="49"/>
        <source>Customer search</source>
        <translation>Recherche client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="54"/>
        <source>New customer</source>
        <translation>Nouveau client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="56"/>
        <source>Sign up a new customer</source>
        <translation>Inscrire un nouveau client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="57"/>
        <source>Loyalty sign-up (Ctrl+N)</source>
        <translation>Inscription fidélité (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="64"/>
        <source>Customer search results</source>
        <translation>Résultats de la recherche client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="133"/>
        <source>Type a name, phone number, email or scan a loyalty card.</source>
        <translation>Saisissez un nom, un numéro de téléphone, un e-mail ou scannez une carte de fidélité.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="135"/>
        <source>No customer matches “%1”.</source>
        <translation>Aucun client ne correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="167"/>
        <source>Other regions can&apos;t be searched now: this terminal is offline.</source>
        <translation>Recherche dans les autres régions impossible pour l&apos;instant&#xa0;: ce poste est hors ligne.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="171"/>
        <source>Searching other regions…</source>
        <translation>Recherche dans les autres régions…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="182"/>
        <source>Not in this region: found by the central service.</source>
        <translation>Hors de cette région&#xa0;: trouvé par le service central.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="186"/>
        <source>No customer in any region either.</source>
        <translation>Aucun client non plus dans les autres régions.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="193"/>
        <source>Other regions can&apos;t be searched now: the central service did not answer.</source>
        <translation>Recherche dans les autres régions impossible pour l&apos;instant&#xa0;: le service central n&apos;a pas répondu.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="218"/>
        <source>Opening %1…</source>
        <translation>Ouverture de %1…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/customers/search_panel.py" line="230"/>
        <source>This customer could not be opened: the central service did not answer.</source>
        <translation>Impossible d&apos;ouvrir ce client&#xa0;: le service central n&apos;a pas répondu.</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../clienteling/ui/dashboard/charts.py" line="109"/>
        <location filename="../../clienteling/ui/dashboard/charts.py" line="137"/>
        <source>This period</source>
        <translation>Cette période</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/charts.py" line="110"/>
        <location filename="../../clienteling/ui/dashboard/charts.py" line="137"/>
        <source>Previous period</source>
        <translation>Période précédente</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/charts.py" line="154"/>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="57"/>
        <source>Ready within SLA</source>
        <translation>Prêts dans les délais</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/charts.py" line="166"/>
        <source>Before: %1%&lt;br&gt;of %2 orders</source>
        <translation>Avant&#xa0;: %1&#xa0;%&lt;br&gt;sur %2 commandes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/charts.py" line="167"/>
        <source>Now: %1%&lt;br&gt;of %2 orders</source>
        <translation>Maintenant&#xa0;: %1&#xa0;%&lt;br&gt;sur %2 commandes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="28"/>
        <source>Associate</source>
        <translation>Conseiller</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="28"/>
        <source>Client sales</source>
        <translation>Ventes clients</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="28"/>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="60"/>
        <source>Sign-ups</source>
        <translation>Inscriptions</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="28"/>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="62"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="29"/>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="62"/>
        <source>Follow-ups done</source>
        <translation>Relances faites</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="29"/>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="63"/>
        <source>Outreach</source>
        <translation>Prises de contact</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="29"/>
        <source>Handovers</source>
        <translation>Retraits remis</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/leaderboard.py" line="29"/>
        <source>Returns taken</source>
        <translation>Retours pris</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="51"/>
        <source>Net sales</source>
        <translation>Ventes nettes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="51"/>
        <source>Gross sales</source>
        <translation>Ventes brutes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="52"/>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="52"/>
        <source>Units</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="53"/>
        <source>Average order</source>
        <translation>Panier moyen</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="53"/>
        <source>Units per order</source>
        <translation>Articles par commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="54"/>
        <source>Return rate (value)</source>
        <translation>Taux de retour (valeur)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="55"/>
        <source>Return rate (units)</source>
        <translation>Taux de retour (articles)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="56"/>
        <source>Pickup orders</source>
        <translation>Commandes à retirer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="58"/>
        <source>Picked up</source>
        <translation>Retirées</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="59"/>
        <source>Overdue pickups now</source>
        <translation>Retraits en retard</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="61"/>
        <source>Repeat customers</source>
        <translation>Clients fidèles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="64"/>
        <source>Median time to ready</source>
        <translation>Délai médian de préparation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="74"/>
        <source>no change</source>
        <translation>stable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="78"/>
        <source>pts</source>
        <translation>pts</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="80"/>
        <source>new</source>
        <translation>nouveau</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/tiles.py" line="120"/>
        <source>Before: %1</source>
        <translation>Avant&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="37"/>
        <source>Open the store dashboard</source>
        <translation>Ouvrir le tableau de bord du magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="47"/>
        <source>Store dashboard · %1</source>
        <translation>Tableau de bord · %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="66"/>
        <source>Net sales per day</source>
        <translation>Ventes nettes par jour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="67"/>
        <source>Orders per day</source>
        <translation>Commandes par jour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="68"/>
        <source>Pickups ready within SLA</source>
        <translation>Retraits prêts dans les délais</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="75"/>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="143"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="143"/>
        <source>This week</source>
        <translation>Cette semaine</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="143"/>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="144"/>
        <source>Custom range</source>
        <translation>Période personnalisée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="145"/>
        <source>%1: %2, compared with the same length of time just before: %3</source>
        <translation>%1&#xa0;: %2, comparé à la période de même durée juste avant&#xa0;: %3</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="156"/>
        <source>Export the dashboard to a folder</source>
        <translation>Exporter le tableau de bord dans un dossier</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="162"/>
        <source>The CSV files could not be written: %1</source>
        <translation>Impossible d&apos;écrire les fichiers CSV&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/screen.py" line="164"/>
        <source>%1 CSV files saved in %2</source>
        <translation>%1 fichiers CSV enregistrés dans %2</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="25"/>
        <source>Enrol this terminal</source>
        <translation>Enregistrer ce poste</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="28"/>
        <source>Enter the central service address and the one-time enrolment code IT gave you for this store.</source>
        <translation>Saisissez l&apos;adresse du service central et le code d&apos;enregistrement à usage unique que l&apos;informatique vous a remis pour ce magasin.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="32"/>
        <source>Central service address</source>
        <translation>Adresse du service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="35"/>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="44"/>
        <source>Enrolment code</source>
        <translation>Code d&apos;enregistrement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="36"/>
        <source>e.g. 7KQ2-M9XD</source>
        <translation>ex. 7KQ2-M9XD</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="43"/>
        <source>Central service</source>
        <translation>Service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="46"/>
        <source>Enrol</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="65"/>
        <source>The address must start with https:// (or http:// on this machine).</source>
        <translation>L&apos;adresse doit commencer par https:// (ou http:// sur cette machine).</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/enrol_dialog.py" line="68"/>
        <source>Enter the enrolment code.</source>
        <translation>Saisissez le code d&apos;enregistrement.</translation>
    </message>
</context>
<context>
    <name>FindStep</name>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="41"/>
        <source>With a receipt or order</source>
        <translation>Avec un reçu ou une commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="42"/>
        <source>No receipt</source>
        <translation>Sans reçu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="73"/>
        <source>Order number, receipt barcode, loyalty number or customer name</source>
        <translation>Numéro de commande, code-barres du reçu, numéro de fidélité ou nom du client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="74"/>
        <source>Find the purchase</source>
        <translation>Trouver l&apos;achat</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="83"/>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="84"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="86"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="87"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="88"/>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="89"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="91"/>
        <source>Orders found</source>
        <translation>Commandes trouvées</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="95"/>
        <source>Scan the receipt&apos;s barcode or type the order number. A loyalty number or name lists the customer&apos;s orders.</source>
        <translation>Scannez le code-barres du reçu ou saisissez le numéro de commande. Un numéro de fidélité ou un nom affiche les commandes du client.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="97"/>
        <source>Return items from this order</source>
        <translation>Retourner des articles de cette commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="153"/>
        <source>No order matches “%1” in this terminal&apos;s data.</source>
        <translation>Aucune commande ne correspond à «&#xa0;%1&#xa0;» dans les données de ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="169"/>
        <source>1. The customer</source>
        <translation>1. Le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="172"/>
        <source>Name, loyalty number, email or phone</source>
        <translation>Nom, numéro de fidélité, e-mail ou téléphone</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="173"/>
        <source>Find the customer</source>
        <translation>Trouver le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="183"/>
        <location filename="../../clienteling/ui/returns/find_step.py" line="321"/>
        <source>No customer chosen yet: a return without a receipt needs one.</source>
        <translation>Aucun client choisi&#xa0;: un retour sans reçu en nécessite un.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="191"/>
        <source>2. The items</source>
        <translation>2. Les articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="194"/>
        <source>Scan the tag or type the SKU</source>
        <translation>Scannez l&apos;étiquette ou saisissez la référence</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="195"/>
        <source>Item SKU or barcode</source>
        <translation>Référence ou code-barres de l&apos;article</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="197"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="209"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="211"/>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="264"/>
        <source>Return for %1.</source>
        <translation>Retour pour %1.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="282"/>
        <source>No product has the SKU or barcode “%1”.</source>
        <translation>Aucun produit n&apos;a la référence ou le code-barres «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/find_step.py" line="305"/>
        <source>Choose the customer and add at least one item.</source>
        <translation>Choisissez le client et ajoutez au moins un article.</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="57"/>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="77"/>
        <source>Hand over order %1</source>
        <translation>Remettre la commande %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="80"/>
        <source>For %1</source>
        <translation>Pour %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="80"/>
        <source>a guest</source>
        <translation>un client invité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="84"/>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="93"/>
        <source>Pickup code</source>
        <translation>Code de retrait</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="85"/>
        <source>Photo ID checked</source>
        <translation>Pièce d&apos;identité vérifiée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="92"/>
        <source>The code the customer received</source>
        <translation>Le code reçu par le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="100"/>
        <source>Last 4 characters</source>
        <translation>4 derniers caractères</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="101"/>
        <source>Last 4 characters of the ID number</source>
        <translation>4 derniers caractères du numéro de la pièce d&apos;identité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="105"/>
        <source>The customer</source>
        <translation>Le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="106"/>
        <source>Someone they authorised:</source>
        <translation>Une personne mandatée&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="113"/>
        <source>Their full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="114"/>
        <source>Name of the person collecting</source>
        <translation>Nom de la personne qui retire</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="119"/>
        <source>Verified with</source>
        <translation>Vérifié avec</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="125"/>
        <source>Collected by</source>
        <translation>Retiré par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="137"/>
        <source>Items handed over</source>
        <translation>Articles remis</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="145"/>
        <source>Hand over %1</source>
        <translation>Remettre %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="148"/>
        <source>of %1</source>
        <translation>sur %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="149"/>
        <source>Units of %1</source>
        <translation>Quantité de %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="166"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="168"/>
        <source>Confirm handover</source>
        <translation>Confirmer la remise</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="212"/>
        <source>Type or scan the customer&apos;s pickup code.</source>
        <translation>Saisissez ou scannez le code de retrait du client.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="214"/>
        <source>Type the last 4 characters of the ID number.</source>
        <translation>Saisissez les 4 derniers caractères du numéro de la pièce d&apos;identité.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="216"/>
        <source>Type the name of the person collecting.</source>
        <translation>Saisissez le nom de la personne qui retire.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="218"/>
        <source>Tick at least one item.</source>
        <translation>Cochez au moins un article.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="246"/>
        <source>The handover could not be recorded: %1</source>
        <translation>Impossible d&apos;enregistrer la remise&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="262"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="312"/>
        <source>Checking with the central service…</source>
        <translation>Vérification auprès du service central…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="313"/>
        <source>Keep the items until this answer comes (a few seconds at most).</source>
        <translation>Gardez les articles jusqu&apos;à la réponse (quelques secondes au plus).</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="315"/>
        <source>Hand over the items</source>
        <translation>Remettez les articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="316"/>
        <source>The central service confirmed the handover of order %1.</source>
        <translation>Le service central a confirmé la remise de la commande %1.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="319"/>
        <source>Do not hand over these items</source>
        <translation>Ne remettez pas ces articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="320"/>
        <source>The central service refused the handover.</source>
        <translation>Le service central a refusé la remise.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="322"/>
        <source>The store manager has been notified (see Flags).</source>
        <translation>Le responsable du magasin a été prévenu (voir Signalements).</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="324"/>
        <source>Recorded offline — hand over the items</source>
        <translation>Enregistré hors ligne — remettez les articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/handover_dialog.py" line="325"/>
        <source>The central service has not answered yet. The handover is saved on this terminal and will sync when the connection is back.</source>
        <translation>Le service central n&apos;a pas encore répondu. La remise est enregistrée sur ce poste et sera synchronisée au retour de la connexion.</translation>
    </message>
</context>
<context>
    <name>HoldDialog</name>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="68"/>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="105"/>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="108"/>
        <source>Put on hold</source>
        <translation>Mettre de côté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="72"/>
        <source>Hold for %1</source>
        <translation>Mise de côté pour %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="83"/>
        <source>items</source>
        <translation>articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="84"/>
        <source>Quantity to hold</source>
        <translation>Quantité à mettre de côté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="85"/>
        <source>days</source>
        <translation>jours</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="85"/>
        <source>Days to hold</source>
        <translation>Nombre de jours de mise de côté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="89"/>
        <source>%1 available in this store</source>
        <translation>%1 disponible(s) dans ce magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="95"/>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="96"/>
        <source>Keep for</source>
        <translation>Garder pendant</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="97"/>
        <source>Reserved until</source>
        <translation>Réservé jusqu&apos;au</translation>
    </message>
</context>
<context>
    <name>Incidents</name>
    <message>
        <location filename="../../clienteling/ui/incidents/details.py" line="85"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
</context>
<context>
    <name>IncidentsPanel</name>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="41"/>
        <location filename="../../clienteling/ui/incidents/panel.py" line="66"/>
        <source>Flags</source>
        <translation>Signalements</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="43"/>
        <source>What happened at the counter that the central service could not accept. Nothing is lost: check both sides, sort it out with the customer, then resolve.</source>
        <translation>Ce qui s&apos;est passé au comptoir et que le service central n&apos;a pas pu accepter. Rien n&apos;est perdu&#xa0;: vérifiez les deux versions, réglez la situation avec le client, puis résolvez.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="49"/>
        <source>Which flags to show</source>
        <translation>Signalements à afficher</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="59"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="60"/>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="61"/>
        <location filename="../../clienteling/ui/incidents/panel.py" line="88"/>
        <source>At the counter</source>
        <translation>Au comptoir</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="62"/>
        <source>What happened</source>
        <translation>Ce qui s&apos;est passé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="63"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="69"/>
        <source>No flags. Everything done at this counter was accepted.</source>
        <translation>Aucun signalement. Tout ce qui a été fait à ce comptoir a été accepté.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="89"/>
        <source>At the central service</source>
        <translation>Au service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="99"/>
        <source>Open the order</source>
        <translation>Ouvrir la commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="103"/>
        <source>How it was sorted out (e.g. customer called, items returned)</source>
        <translation>Comment la situation a été réglée (ex. client appelé, articles rendus)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="104"/>
        <source>Resolution note</source>
        <translation>Note de résolution</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="107"/>
        <source>Resolve</source>
        <translation>Résoudre</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="136"/>
        <source>Choose a flag to see both sides.</source>
        <translation>Choisissez un signalement pour voir les deux versions.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="190"/>
        <source>The central service refused the resolution: %1</source>
        <translation>Le service central a refusé la résolution&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="193"/>
        <source>Resolved.</source>
        <translation>Résolu.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="212"/>
        <source>%1 · order %2</source>
        <translation>%1 · commande %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="215"/>
        <source>At the counter %1 · recorded by the central service %2</source>
        <translation>Au comptoir %1 · enregistré par le service central %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="218"/>
        <location filename="../../clienteling/ui/incidents/panel.py" line="219"/>
        <source>Not recorded.</source>
        <translation>Non enregistré.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="224"/>
        <source>Resolved %1: %2</source>
        <translation>Résolu %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="226"/>
        <source> (not yet confirmed)</source>
        <translation> (pas encore confirmé)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="236"/>
        <source>Only a manager of this store can resolve a flag.</source>
        <translation>Seul un responsable de ce magasin peut résoudre un signalement.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="246"/>
        <source>Pickup handover</source>
        <translation>Remise d&apos;un retrait</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="246"/>
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="254"/>
        <source>Resolving…</source>
        <translation>Résolution…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="255"/>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="255"/>
        <source>Resolved</source>
        <translation>Résolu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/incidents/panel.py" line="268"/>
        <source>Resolution saved; waiting for the central service to confirm.</source>
        <translation>Résolution enregistrée ; en attente de confirmation du service central.</translation>
    </message>
</context>
<context>
    <name>Inventory</name>
    <message>
        <location filename="../../clienteling/ui/inventory/text.py" line="33"/>
        <source>%1 m</source>
        <translation>%1&#xa0;m</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/text.py" line="35"/>
        <location filename="../../clienteling/ui/inventory/text.py" line="36"/>
        <source>%1 km</source>
        <translation>%1&#xa0;km</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/text.py" line="43"/>
        <source>not synced yet</source>
        <translation>pas encore synchronisé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/text.py" line="61"/>
        <source>size %1</source>
        <translation>taille %1</translation>
    </message>
</context>
<context>
    <name>InventoryScreen</name>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="58"/>
        <source>Find a product: name, SKU or scan a barcode</source>
        <translation>Trouver un produit&#xa0;: nom, référence ou scan du code-barres</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="59"/>
        <source>Product search</source>
        <translation>Recherche produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="66"/>
        <source>Holding for</source>
        <translation>Mise de côté pour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="70"/>
        <source>Open the customer the hold is for</source>
        <translation>Ouvrir le client pour qui l&apos;article est mis de côté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="74"/>
        <location filename="../../clienteling/ui/inventory/screen.py" line="75"/>
        <source>Stop holding for this customer</source>
        <translation>Ne plus mettre de côté pour ce client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="87"/>
        <source>Product search results</source>
        <translation>Résultats de la recherche produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="228"/>
        <source>No product matches “%1”.</source>
        <translation>Aucun produit ne correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="229"/>
        <source>Type a product name, a SKU, or scan a barcode.</source>
        <translation>Saisissez un nom de produit, une référence ou scannez un code-barres.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="246"/>
        <source>No product has the SKU, barcode or style “%1”.</source>
        <translation>Aucun produit n&apos;a la référence, le code-barres ou le modèle «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="263"/>
        <source>This product is no longer in the catalogue.</source>
        <translation>Ce produit ne figure plus au catalogue.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="307"/>
        <source>No customer selected</source>
        <translation>Aucun client sélectionné</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="320"/>
        <source>customer</source>
        <translation>ce client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="322"/>
        <source>Hold for a customer</source>
        <translation>Mettre de côté pour un client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="323"/>
        <source>Open a customer first (Customers page), then come back here.</source>
        <translation>Ouvrez d&apos;abord un client (page Clients), puis revenez ici.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="325"/>
        <location filename="../../clienteling/ui/inventory/screen.py" line="328"/>
        <location filename="../../clienteling/ui/inventory/screen.py" line="331"/>
        <source>Hold for %1</source>
        <translation>Mettre de côté pour %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="326"/>
        <source>Pick a size and colour first.</source>
        <translation>Choisissez d&apos;abord une taille et une couleur.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="329"/>
        <source>Nothing of this size and colour is available in this store.</source>
        <translation>Rien de disponible dans cette taille et cette couleur dans ce magasin.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="332"/>
        <source>Put items aside in this store for %1</source>
        <translation>Mettre des articles de côté dans ce magasin pour %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="365"/>
        <source>Not put on hold: %1</source>
        <translation>Non mis de côté&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="368"/>
        <source>The hold could not be saved: %1</source>
        <translation>Impossible d&apos;enregistrer la mise de côté&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="373"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="374"/>
        <source>the customer</source>
        <translation>le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="376"/>
        <source>On hold: %1 for %2 until %3.</source>
        <translation>Mis de côté&#xa0;: %1 pour %2 jusqu&apos;au %3.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="379"/>
        <source>The central service refused the hold of %1: %2</source>
        <translation>Le service central a refusé la mise de côté de %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="380"/>
        <source>no reason given</source>
        <translation>aucun motif indiqué</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/screen.py" line="382"/>
        <source>On hold here: %1 for %2. Waiting for the central service to confirm.</source>
        <translation>Mis de côté ici&#xa0;: %1 pour %2. En attente de confirmation du service central.</translation>
    </message>
</context>
<context>
    <name>LinesStep</name>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="78"/>
        <source>Lines to return</source>
        <translation>Lignes à retourner</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="79"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="79"/>
        <source>Bought</source>
        <translation>Acheté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="79"/>
        <source>Returned</source>
        <translation>Retourné</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="80"/>
        <source>Left</source>
        <translation>Restant</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="80"/>
        <source>Taking back</source>
        <translation>Repris</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="80"/>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="250"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="81"/>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="251"/>
        <source>Condition</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="81"/>
        <source>Goes to</source>
        <translation>Destination</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="81"/>
        <source>Each</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="82"/>
        <source>Units that can still be returned</source>
        <translation>Quantité encore retournable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="99"/>
        <source>Refund method</source>
        <translation>Mode de remboursement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="105"/>
        <source>Refund to</source>
        <translation>Rembourser sur</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="108"/>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="108"/>
        <source>Points reversed</source>
        <translation>Points annulés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="109"/>
        <source>Offline limit left</source>
        <translation>Limite hors ligne restante</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="110"/>
        <source>Without receipt, still allowed</source>
        <translation>Encore autorisé sans reçu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="129"/>
        <source>Manager approval…</source>
        <translation>Validation du responsable…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="149"/>
        <source>Back</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="152"/>
        <source>Take the return</source>
        <translation>Enregistrer le retour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="189"/>
        <source>a guest</source>
        <translation>un client invité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="191"/>
        <source>Return from order %1</source>
        <translation>Retour de la commande %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="192"/>
        <source>%1 · %2 · bought %3 · %4</source>
        <translation>%1 · %2 · acheté le %3 · %4</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="197"/>
        <source>Return without a receipt</source>
        <translation>Retour sans reçu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="198"/>
        <source>For %1. Refunded at the lowest recent price, as store credit or an exchange; no points are reversed.</source>
        <translation>Pour %1. Remboursé au prix récent le plus bas, en avoir ou en échange ; aucun point n&apos;est annulé.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="211"/>
        <source>%1 returns, up to %2 (%3 days)</source>
        <translation>%1 retours, jusqu&apos;à %2 (%3 jours)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="248"/>
        <source>Units of %1 to return</source>
        <translation>Quantité de %1 à retourner</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="252"/>
        <source>Where it goes</source>
        <translation>Destination de l&apos;article</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="261"/>
        <source>This item cannot be returned.</source>
        <translation>Cet article ne peut pas être retourné.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="325"/>
        <source>Refunds this terminal may still give before the central service confirms them.</source>
        <translation>Remboursements que ce poste peut encore accorder avant confirmation du service central.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="330"/>
        <source>A manager must approve:</source>
        <translation>La validation d&apos;un responsable est requise&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="336"/>
        <source>Approved by %1 for a refund up to %2.</source>
        <translation>Validé par %1 pour un remboursement jusqu&apos;à %2.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="375"/>
        <source>Choose how many units come back.</source>
        <translation>Choisissez le nombre d&apos;articles rendus.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="377"/>
        <source>Fix the problems listed first.</source>
        <translation>Corrigez d&apos;abord les problèmes indiqués.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/lines_step.py" line="379"/>
        <source>A manager must approve this return first.</source>
        <translation>Un responsable doit d&apos;abord valider ce retour.</translation>
    </message>
</context>
<context>
    <name>LoyaltyTab</name>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="24"/>
        <source>Redemption</source>
        <translation>Utilisation de points</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="24"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="25"/>
        <source>Profile change</source>
        <translation>Modification de fiche</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="25"/>
        <source>Follow-up</source>
        <translation>Relance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="26"/>
        <source>Follow-up done</source>
        <translation>Relance faite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="26"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="27"/>
        <source>Earned</source>
        <translation>Gagnés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="27"/>
        <source>Redeemed</source>
        <translation>Utilisés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="27"/>
        <source>Reversed</source>
        <translation>Annulés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="28"/>
        <source>Adjustment</source>
        <translation>Ajustement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="30"/>
        <source>Rewards</source>
        <translation>Récompenses</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="38"/>
        <source>%1  ·  %2 pts</source>
        <translation>%1  ·  %2 pts</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="41"/>
        <source>Redeem %1 for %2 points</source>
        <translation>Utiliser %2 points pour %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="49"/>
        <source>Other amount (points)</source>
        <translation>Autre montant (points)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="50"/>
        <source>Points to redeem</source>
        <translation>Points à utiliser</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="53"/>
        <source>Redeem points</source>
        <translation>Utiliser des points</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="54"/>
        <source>Redeem the points entered</source>
        <translation>Utiliser les points saisis</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="64"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="65"/>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="66"/>
        <source>Why the central service refused it</source>
        <translation>Motif du refus du service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="69"/>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="72"/>
        <source>Refused by the central service</source>
        <translation>Refusé par le service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="76"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="77"/>
        <source>Activity</source>
        <translation>Activité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="78"/>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="80"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="81"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="81"/>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="81"/>
        <source>confirmed</source>
        <translation>confirmé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="83"/>
        <source>Waiting for the central service to confirm</source>
        <translation>En attente de confirmation du service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="85"/>
        <source>Loyalty ledger</source>
        <translation>Historique fidélité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="87"/>
        <source>No points activity yet.</source>
        <translation>Aucun mouvement de points pour l&apos;instant.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="92"/>
        <source>Points history</source>
        <translation>Historique des points</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="106"/>
        <source>%1 of %2 points</source>
        <translation>%1 de %2 points</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="112"/>
        <source>This terminal may not redeem points before the central service confirms.</source>
        <translation>Ce poste ne peut pas utiliser de points avant la confirmation du service central.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="114"/>
        <source>Up to %1 points can be redeemed until the central service confirms (balance %2, offline limit %3 per customer).</source>
        <translation>Jusqu&apos;à %1 points peuvent être utilisés en attendant la confirmation du service central (solde %2, limite hors ligne %3 par client).</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="131"/>
        <source>Not enough points: %1 available.</source>
        <translation>Points insuffisants&#xa0;: %1 disponibles.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="132"/>
        <source>Over the offline limit: up to %1 points until the central service confirms, more with a manager&apos;s approval.</source>
        <translation>Au-delà de la limite hors ligne&#xa0;: jusqu&apos;à %1 points en attendant la confirmation du service central, davantage avec la validation d&apos;un responsable.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/loyalty_tab.py" line="147"/>
        <source>Points redeemed</source>
        <translation>Points utilisés</translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <location filename="../../clienteling/ui/ops.py" line="75"/>
        <source>Something went wrong (%1). It has been logged: try again, and tell IT if it keeps happening.</source>
        <translation>Une erreur s&apos;est produite (%1). Elle a été enregistrée : réessayez, et prévenez le service informatique si elle se reproduit.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="59"/>
        <location filename="../../clienteling/ui/main_window.py" line="108"/>
        <source>Clienteling</source>
        <translation>Clienteling</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="119"/>
        <source>My clients</source>
        <translation>Mes clients</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="119"/>
        <source>Inventory</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="120"/>
        <source>Pickups</source>
        <translation>Retraits</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="120"/>
        <source>Returns</source>
        <translation>Retours</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="120"/>
        <source>Flags</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="121"/>
        <source>Dashboard</source>
        <translation>Pilotage</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="121"/>
        <source>Audit</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="122"/>
        <source>Customers</source>
        <translation>Clients</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="150"/>
        <source>Switch</source>
        <translation>Changer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="152"/>
        <source>Lock and let someone else sign in (Ctrl+L)</source>
        <translation>Verrouiller et laisser un collègue se connecter (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="191"/>
        <source>Manager</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="191"/>
        <source>Associate</source>
        <translation>Conseiller</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="289"/>
        <source>No order %1 in this terminal&apos;s data.</source>
        <translation>Aucune commande %1 dans les données de ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="304"/>
        <source>Order %1 has no customer profile on this terminal.</source>
        <translation>La commande %1 n&apos;a pas de fiche client sur ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="327"/>
        <source>a customer</source>
        <translation>un client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="328"/>
        <source>New pickup order %1 for %2.</source>
        <translation>Nouvelle commande à retirer %1 pour %2.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/main_window.py" line="330"/>
        <source>%1 new pickup orders.</source>
        <translation>%1 nouvelles commandes à retirer.</translation>
    </message>
</context>
<context>
    <name>ManagerGate</name>
    <message>
        <location filename="../../clienteling/ui/manager_gate.py" line="22"/>
        <source>Manager sign-in</source>
        <translation>Connexion responsable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_gate.py" line="25"/>
        <source>The store dashboard shows the sales, returns, pickups and team figures of %1. A manager of this store signs in with their PIN to see it.</source>
        <translation>Le tableau de bord présente les ventes, les retours, les retraits et les chiffres de l&apos;équipe de %1. Un responsable de ce magasin se connecte avec son code PIN pour le consulter.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_gate.py" line="27"/>
        <source>this store</source>
        <translation>ce magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_gate.py" line="31"/>
        <source>Sign in with manager PIN</source>
        <translation>Se connecter avec le code PIN responsable</translation>
    </message>
</context>
<context>
    <name>ManagerScreen</name>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="46"/>
        <source>The figures could not be read: %1</source>
        <translation>Impossible de lire les chiffres&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="87"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="89"/>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="93"/>
        <source>Lock</source>
        <translation>Verrouiller</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="138"/>
        <source>Manager: %1</source>
        <translation>Responsable&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="203"/>
        <source>Data as of %1</source>
        <translation>Données&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="203"/>
        <source>Not synced yet</source>
        <translation>Pas encore synchronisé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/manager_screen.py" line="205"/>
        <source>Offline · %1</source>
        <translation>Hors ligne · %1</translation>
    </message>
</context>
<context>
    <name>MyClientsScreen</name>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="31"/>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="57"/>
        <source>My clients</source>
        <translation>Mes clients</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="35"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="36"/>
        <source>Refresh my clients</source>
        <translation>Actualiser mes clients</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="45"/>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="67"/>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="46"/>
        <source>Tier</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="47"/>
        <source>Lifetime value</source>
        <translation>Valeur client cumulée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="49"/>
        <source>Last visit</source>
        <translation>Dernière visite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="49"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="51"/>
        <source>Open</source>
        <translation>Ouvertes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="53"/>
        <source>Open follow-ups</source>
        <translation>Relances ouvertes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="54"/>
        <source>Next due</source>
        <translation>Prochaine échéance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="63"/>
        <source>No clients are assigned to you yet. Customers you sign up or add follow-ups for appear here.</source>
        <translation>Aucun client ne vous est encore attribué. Les clients que vous inscrivez ou pour lesquels vous ajoutez des relances apparaissent ici.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="66"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="68"/>
        <source>Follow-up</source>
        <translation>Relance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="70"/>
        <source>Follow-ups due</source>
        <translation>Relances à faire</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="75"/>
        <source>Nothing due today. Well done.</source>
        <translation>Rien à faire aujourd&apos;hui. Bravo.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="77"/>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="79"/>
        <source>Due today and overdue</source>
        <translation>À faire aujourd&apos;hui et en retard</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="99"/>
        <source>%1 · %2 overdue</source>
        <translation>%1 · %2 en retard</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="132"/>
        <source>Sign in to see your clients.</source>
        <translation>Connectez-vous pour voir vos clients.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="134"/>
        <source>1 client</source>
        <translation>1 client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="135"/>
        <source>%1 clients</source>
        <translation>%1 clients</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="136"/>
        <source>1 follow-up due</source>
        <translation>1 relance à faire</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="137"/>
        <source>%1 follow-ups due</source>
        <translation>%1 relances à faire</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/clientbook/screen.py" line="139"/>
        <source>%1 overdue</source>
        <translation>%1 en retard</translation>
    </message>
</context>
<context>
    <name>NotesTab</name>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="29"/>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="49"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="31"/>
        <source>What should colleagues know? e.g. prefers linen, size M in tops</source>
        <translation>Que doivent savoir vos collègues&#xa0;? ex. préfère le lin, taille M en hauts</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="32"/>
        <source>New note</source>
        <translation>Nouvelle note</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="35"/>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="37"/>
        <source>Add note</source>
        <translation>Ajouter la note</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="43"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="44"/>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="114"/>
        <source>waiting to be sent</source>
        <translation>en attente d&apos;envoi</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="46"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="47"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="51"/>
        <source>No notes yet.</source>
        <translation>Aucune note pour l&apos;instant.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="58"/>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="80"/>
        <source>Follow-ups</source>
        <translation>Relances</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="60"/>
        <source>Follow-up, e.g. call when size M is back</source>
        <translation>Relance, ex. appeler quand la taille M est de retour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="61"/>
        <source>New follow-up</source>
        <translation>Nouvelle relance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="66"/>
        <source>Due date</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="68"/>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="69"/>
        <source>Add follow-up</source>
        <translation>Ajouter la relance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="74"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="76"/>
        <source>Follow-up</source>
        <translation>Relance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="76"/>
        <source>Added by %1</source>
        <translation>Ajoutée par %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="78"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="83"/>
        <source>No follow-ups. Add one above.</source>
        <translation>Aucune relance. Ajoutez-en une ci-dessus.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="84"/>
        <source>Mark done</source>
        <translation>Marquer comme faite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="85"/>
        <source>Mark the selected follow-up done</source>
        <translation>Marquer la relance sélectionnée comme faite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="107"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="107"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="107"/>
        <source>Call</source>
        <translation>Appel</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="116"/>
        <source>done %1</source>
        <translation>faite %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="116"/>
        <source>done</source>
        <translation>faite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/notes_tab.py" line="117"/>
        <source>open</source>
        <translation>ouverte</translation>
    </message>
</context>
<context>
    <name>OrderDetail</name>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="50"/>
        <source>Pick an order from the queue, or find one by its number, pickup code or the customer&apos;s name.</source>
        <translation>Choisissez une commande dans la file, ou trouvez-la par son numéro, son code de retrait ou le nom du client.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="66"/>
        <source>Open the customer&apos;s profile</source>
        <translation>Ouvrir la fiche du client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="79"/>
        <source>Pickup code</source>
        <translation>Code de retrait</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="79"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="80"/>
        <source>Placed</source>
        <translation>Passée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="80"/>
        <source>Ready</source>
        <translation>Prête</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="81"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="99"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="100"/>
        <source>Ordered</source>
        <translation>Commandé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="101"/>
        <source>Picked</source>
        <translation>Préparé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="103"/>
        <source>Short</source>
        <translation>Manquant</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="104"/>
        <source>Handed over</source>
        <translation>Remis</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="106"/>
        <source>Order lines</source>
        <translation>Lignes de commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="109"/>
        <source>Pick the items</source>
        <translation>Préparer les articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="114"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="115"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="116"/>
        <source>Collected by</source>
        <translation>Retiré par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="116"/>
        <source>The customer</source>
        <translation>Le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="117"/>
        <source>Checked</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="118"/>
        <source>Units</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="119"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="119"/>
        <source>Not yet confirmed</source>
        <translation>Pas encore confirmé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="119"/>
        <source>Confirmed</source>
        <translation>Confirmé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="122"/>
        <location filename="../../clienteling/ui/pickups/detail.py" line="125"/>
        <source>Handovers</source>
        <translation>Remises</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="124"/>
        <source>Nothing handed over yet.</source>
        <translation>Rien de remis pour l&apos;instant.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="131"/>
        <source>Save picks</source>
        <translation>Enregistrer la préparation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="134"/>
        <source>Mark ready</source>
        <translation>Marquer prête</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="136"/>
        <source>Mark the order ready for pickup</source>
        <translation>Marquer la commande prête à retirer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="139"/>
        <source>Hand over…</source>
        <translation>Remettre…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="142"/>
        <source>Cancel order…</source>
        <translation>Annuler la commande…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="162"/>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="207"/>
        <source>Order %1</source>
        <translation>Commande %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="208"/>
        <source> · not yet confirmed</source>
        <translation> · pas encore confirmée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="211"/>
        <source>Guest</source>
        <translation>Invité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="218"/>
        <source>Collected %1</source>
        <translation>Retirée %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="277"/>
        <source>Put the items aside, then mark the order ready: the customer is told.</source>
        <translation>Mettez les articles de côté, puis marquez la commande prête&#xa0;: le client est prévenu.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="279"/>
        <source>%1 units to hand over.</source>
        <translation>%1 articles à remettre.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="280"/>
        <source>Everything is handed over; waiting for confirmation.</source>
        <translation>Tout est remis ; en attente de confirmation.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="282"/>
        <source>This order is closed: %1.</source>
        <translation>Cette commande est clôturée&#xa0;: %1.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/detail.py" line="289"/>
        <source>%1 (%2 not yet confirmed)</source>
        <translation>%1 (%2 pas encore confirmés)</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="31"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="37"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="37"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="38"/>
        <source>Birthday</source>
        <translation>Anniversaire</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="38"/>
        <source>Last visit</source>
        <translation>Dernière visite</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="39"/>
        <source>Customer since</source>
        <translation>Client depuis</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="50"/>
        <source>Sizes</source>
        <translation>Tailles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="56"/>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="63"/>
        <source>Brands</source>
        <translation>Marques</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="56"/>
        <source>e.g. Arket, COS</source>
        <translation>ex. Arket, COS</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="57"/>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="63"/>
        <source>Styles</source>
        <translation>Styles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="57"/>
        <source>e.g. minimal, smart casual</source>
        <translation>ex. minimaliste, chic décontracté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="58"/>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="64"/>
        <source>Colours</source>
        <translation>Couleurs</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="58"/>
        <source>e.g. navy, camel</source>
        <translation>ex. marine, camel</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="72"/>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="74"/>
        <source>Save preferences</source>
        <translation>Enregistrer les préférences</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="76"/>
        <source>Undo changes</source>
        <translation>Annuler les modifications</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="77"/>
        <source>Undo preference changes</source>
        <translation>Annuler les modifications des préférences</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="85"/>
        <source>Tastes</source>
        <translation>Goûts</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="110"/>
        <source>Size for %1</source>
        <translation>Taille pour %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="110"/>
        <source>size</source>
        <translation>taille</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/overview_tab.py" line="121"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <location filename="../../clienteling/ui/dashboard/period_bar.py" line="41"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/period_bar.py" line="41"/>
        <source>This week</source>
        <translation>Cette semaine</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/period_bar.py" line="41"/>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/period_bar.py" line="42"/>
        <source>Custom range</source>
        <translation>Période personnalisée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/period_bar.py" line="45"/>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/period_bar.py" line="46"/>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/dashboard/period_bar.py" line="48"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
</context>
<context>
    <name>PickEditor</name>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="48"/>
        <source>All picked</source>
        <translation>Tout préparé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="50"/>
        <source>Every line picked in full</source>
        <translation>Toutes les lignes préparées en totalité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="63"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="63"/>
        <source>Ordered</source>
        <translation>Commandé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="63"/>
        <source>Picked</source>
        <translation>Préparé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="64"/>
        <source>Why short</source>
        <translation>Motif du manque</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="82"/>
        <source>Units picked of %1</source>
        <translation>Quantité préparée de %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="86"/>
        <source>Why fewer were picked</source>
        <translation>Pourquoi moins d&apos;articles ont été préparés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="87"/>
        <source>Choose why…</source>
        <translation>Choisir le motif…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="138"/>
        <source>The order has no lines.</source>
        <translation>La commande n&apos;a aucune ligne.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="141"/>
        <source>Say why each short line has fewer units than ordered.</source>
        <translation>Indiquez pourquoi chaque ligne incomplète compte moins d&apos;articles que commandé.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/pick_editor.py" line="143"/>
        <source>Pick at least one unit before marking the order ready.</source>
        <translation>Préparez au moins un article avant de marquer la commande prête.</translation>
    </message>
</context>
<context>
    <name>Pickups</name>
    <message>
        <location filename="../../clienteling/ui/pickups/queue.py" line="48"/>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/queue.py" line="49"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/queue.py" line="49"/>
        <location filename="../../clienteling/ui/pickups/queue.py" line="50"/>
        <source>Guest</source>
        <translation>Invité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/queue.py" line="51"/>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/queue.py" line="52"/>
        <source>Placed</source>
        <translation>Passée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/queue.py" line="53"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="17"/>
        <source>To pick</source>
        <translation>À préparer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="17"/>
        <source>Picking</source>
        <translation>En préparation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="17"/>
        <source>Ready</source>
        <translation>Prête</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="18"/>
        <source>Collected</source>
        <translation>Retirée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="18"/>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="18"/>
        <source>Expired</source>
        <translation>Expirée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="19"/>
        <source>Completed</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="19"/>
        <source>Shipped</source>
        <translation>Expédiée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="19"/>
        <source>Delivered</source>
        <translation>Livrée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="24"/>
        <source>Not found</source>
        <translation>Introuvable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="24"/>
        <source>Damaged</source>
        <translation>Endommagé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="24"/>
        <source>Wrong item</source>
        <translation>Mauvais article</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="25"/>
        <source>Other reason</source>
        <translation>Autre motif</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="30"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="30"/>
        <source>App</source>
        <translation>Appli</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="30"/>
        <source>In store</source>
        <translation>En magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="38"/>
        <source>Driving licence</source>
        <translation>Permis de conduire</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="38"/>
        <source>Passport</source>
        <translation>Passeport</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="39"/>
        <source>National ID card</source>
        <translation>Carte nationale d&apos;identité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="39"/>
        <source>Other photo ID</source>
        <translation>Autre pièce d&apos;identité avec photo</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="45"/>
        <source>Pickup code</source>
        <translation>Code de retrait</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="47"/>
        <source>ID checked</source>
        <translation>Pièce d&apos;identité vérifiée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="47"/>
        <source>ID checked: %1</source>
        <translation>Pièce d&apos;identité vérifiée&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="54"/>
        <source>%1 min</source>
        <translation>%1&#xa0;min</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="57"/>
        <source>%1 h %2 min</source>
        <translation>%1&#xa0;h %2&#xa0;min</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="58"/>
        <source>%1 h</source>
        <translation>%1&#xa0;h</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="59"/>
        <source>%1 days</source>
        <translation>%1 jours</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="69"/>
        <source>%1 h %2 min ago</source>
        <translation>il y a %1&#xa0;h %2&#xa0;min</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="70"/>
        <source>%1 h ago</source>
        <translation>il y a %1&#xa0;h</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="78"/>
        <source>Overdue %1</source>
        <translation>En retard de %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="80"/>
        <source>Expires in %1</source>
        <translation>Expire dans %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/text.py" line="81"/>
        <source>Due in %1</source>
        <translation>À préparer dans %1</translation>
    </message>
</context>
<context>
    <name>PickupsScreen</name>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="70"/>
        <source>Find a pickup: order number, pickup code, scan, or customer name</source>
        <translation>Trouver un retrait&#xa0;: numéro de commande, code de retrait, scan ou nom du client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="71"/>
        <source>Find a pickup order</source>
        <translation>Trouver une commande à retirer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="85"/>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="90"/>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="112"/>
        <source>Pickup orders</source>
        <translation>Commandes à retirer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="172"/>
        <source>a guest</source>
        <translation>un client invité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="174"/>
        <source>New pickup order #%1 for %2.</source>
        <translation>Nouvelle commande à retirer n°%1 pour %2.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="176"/>
        <source>%1 new pickup orders, the latest #%2 for %3.</source>
        <translation>%1 nouvelles commandes à retirer, la dernière n°%2 pour %3.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="221"/>
        <source>Nothing to pick. New orders appear here as they arrive.</source>
        <translation>Rien à préparer. Les nouvelles commandes s&apos;affichent ici dès leur arrivée.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="222"/>
        <source>No order is waiting to be collected.</source>
        <translation>Aucune commande n&apos;attend d&apos;être retirée.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="223"/>
        <source>Nothing collected, cancelled or expired today.</source>
        <translation>Rien de retiré, annulé ou expiré aujourd&apos;hui.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="240"/>
        <source>To pick (%1)</source>
        <translation>À préparer (%1)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="241"/>
        <source>Ready (%1)</source>
        <translation>Prêtes (%1)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="242"/>
        <source>Done today (%1)</source>
        <translation>Terminées aujourd&apos;hui (%1)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="246"/>
        <source>%1 overdue</source>
        <translation>%1 en retard</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="285"/>
        <source>%1 orders match “%2”.</source>
        <translation>%1 commandes correspondent à «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="286"/>
        <source>1 order matches “%1”.</source>
        <translation>1 commande correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="288"/>
        <source>No order matches “%1” in this terminal&apos;s data.</source>
        <translation>Aucune commande ne correspond à «&#xa0;%1&#xa0;» dans les données de ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="319"/>
        <source>This order is not in this terminal&apos;s data.</source>
        <translation>Cette commande n&apos;est pas dans les données de ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="339"/>
        <source>The central service refused this (%1): %2</source>
        <translation>Le service central a refusé cette action (%1)&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="340"/>
        <source>no reason given</source>
        <translation>aucun motif indiqué</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="343"/>
        <source>The central service confirmed: %1.</source>
        <translation>Le service central a confirmé&#xa0;: %1.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="361"/>
        <source>This could not be saved: %1</source>
        <translation>Impossible d&apos;enregistrer&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="369"/>
        <source>picks saved</source>
        <translation>préparation enregistrée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="369"/>
        <source>Picks saved.</source>
        <translation>Préparation enregistrée.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="382"/>
        <source>ready for pickup</source>
        <translation>prête à retirer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="383"/>
        <source>Ready for pickup. The customer will be told they can collect it.</source>
        <translation>Prête à retirer. Le client sera prévenu qu&apos;il peut venir la chercher.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="392"/>
        <source>order cancelled</source>
        <translation>commande annulée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pickups/screen.py" line="392"/>
        <source>Order cancelled.</source>
        <translation>Commande annulée.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="30"/>
        <location filename="../../clienteling/ui/pin_dialog.py" line="39"/>
        <source>Manager approval</source>
        <translation>Validation du responsable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="48"/>
        <location filename="../../clienteling/ui/pin_dialog.py" line="72"/>
        <source>Manager</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="51"/>
        <source>Manager PIN</source>
        <translation>Code PIN du responsable</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="55"/>
        <source>Digits only</source>
        <translation>Chiffres uniquement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="60"/>
        <source>Reason for the approval</source>
        <translation>Motif de la validation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="73"/>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="74"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="77"/>
        <source>Approve</source>
        <translation>Valider</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="100"/>
        <source>No manager of this store can approve on this terminal yet (managers and their PINs arrive with the next sync).</source>
        <translation>Aucun responsable de ce magasin ne peut encore valider sur ce poste (les responsables et leurs codes PIN arrivent avec la prochaine synchronisation).</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/pin_dialog.py" line="137"/>
        <source>The PIN could not be checked: %1</source>
        <translation>Impossible de vérifier le code PIN&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ProductPanel</name>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="50"/>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="70"/>
        <source>Sizes and colours</source>
        <translation>Tailles et couleurs</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="72"/>
        <source>In stock here</source>
        <translation>En stock ici</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="72"/>
        <source>Elsewhere only</source>
        <translation>Ailleurs uniquement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="73"/>
        <source>None available</source>
        <translation>Aucun disponible</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="81"/>
        <source>+n: at other locations</source>
        <translation>+n&#xa0;: dans d&apos;autres emplacements</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="82"/>
        <source>Large number: available in this store. +n: available in nearby stores, the distribution centre and online. Pick a tile to see where.</source>
        <translation>Grand chiffre&#xa0;: disponible dans ce magasin. +n&#xa0;: disponible dans les magasins proches, à l&apos;entrepôt et en ligne. Choisissez une case pour voir où.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="97"/>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="178"/>
        <source>Stock by location</source>
        <translation>Stock par emplacement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="121"/>
        <source>Put on hold for the customer</source>
        <translation>Mettre de côté pour le client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="143"/>
        <source>Search for a product by name, SKU or barcode, then pick it to see its sizes, colours and stock.</source>
        <translation>Recherchez un produit par nom, référence ou code-barres, puis choisissez-le pour voir ses tailles, ses couleurs et son stock.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="180"/>
        <source>Pick a size and colour above to see stock here, in nearby stores, at the distribution centre and online.</source>
        <translation>Choisissez une taille et une couleur ci-dessus pour voir le stock ici, dans les magasins proches, à l&apos;entrepôt et en ligne.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="187"/>
        <source>Stock of %1</source>
        <translation>Stock de %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="188"/>
        <source>EAN %1</source>
        <translation>EAN %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="194"/>
        <source>No location this terminal knows of stocks %1.</source>
        <translation>Aucun emplacement connu de ce poste n&apos;a %1 en stock.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="205"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="205"/>
        <source>a customer</source>
        <translation>un client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="208"/>
        <source>(waiting for confirmation)</source>
        <translation>(en attente de confirmation)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="210"/>
        <source>until %1</source>
        <translation>jusqu&apos;au %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="213"/>
        <source>%1 more</source>
        <translation>%1 de plus</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/product_panel.py" line="214"/>
        <source>On hold in this store: %1</source>
        <translation>Mis de côté dans ce magasin&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ProductResultsModel</name>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="28"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="28"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="28"/>
        <source>In store</source>
        <translation>En magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="41"/>
        <source>1 colour</source>
        <translation>1 couleur</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="41"/>
        <source>%1 colours</source>
        <translation>%1 couleurs</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="42"/>
        <source>1 size</source>
        <translation>1 taille</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="42"/>
        <source>%1 sizes</source>
        <translation>%1 tailles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/results_model.py" line="60"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
</context>
<context>
    <name>Profile</name>
    <message>
        <location filename="../../clienteling/ui/profile/fmt.py" line="53"/>
        <source>today %1</source>
        <translation>aujourd&apos;hui %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/fmt.py" line="55"/>
        <source>yesterday %1</source>
        <translation>hier %1</translation>
    </message>
</context>
<context>
    <name>ProfileHeader</name>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="49"/>
        <source>← Search</source>
        <translation>← Recherche</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="51"/>
        <source>Back to customer search</source>
        <translation>Retour à la recherche client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="52"/>
        <source>Back to customer search (Esc)</source>
        <translation>Retour à la recherche client (Échap)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="76"/>
        <source>Points available</source>
        <translation>Points disponibles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="77"/>
        <source>Lifetime value</source>
        <translation>Valeur client cumulée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="78"/>
        <source>Tier progress</source>
        <translation>Progression de niveau</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="83"/>
        <source>Progress to the next tier</source>
        <translation>Progression vers le niveau suivant</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="115"/>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="122"/>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="122"/>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="123"/>
        <source>Member since %1</source>
        <translation>Membre depuis %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="124"/>
        <source>Home store %1</source>
        <translation>Magasin principal %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="125"/>
        <source>Associate %1</source>
        <translation>Conseiller %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="125"/>
        <source>none assigned</source>
        <translation>aucun attitré</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="131"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="131"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="131"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="132"/>
        <source>opted in</source>
        <translation>accepté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="132"/>
        <source>opted out</source>
        <translation>refusé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="132"/>
        <source>not asked</source>
        <translation>non demandé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="138"/>
        <source>Data as of %1</source>
        <translation>Données&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="139"/>
        <source>Not synced yet</source>
        <translation>Pas encore synchronisé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="142"/>
        <source>1 change waiting to be sent</source>
        <translation>1 modification en attente d&apos;envoi</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="143"/>
        <source>%1 changes waiting to be sent</source>
        <translation>%1 modifications en attente d&apos;envoi</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="149"/>
        <source>%1 waiting for confirmation</source>
        <translation>%1 en attente de confirmation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="150"/>
        <source>confirmed by the central service</source>
        <translation>confirmé par le service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="152"/>
        <source>last visit %1</source>
        <translation>dernière visite %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="156"/>
        <source>Top tier</source>
        <translation>Niveau maximal</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="157"/>
        <source>Platinum: the highest tier</source>
        <translation>Platine&#xa0;: le niveau le plus élevé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="159"/>
        <source>Silver</source>
        <translation>Argent</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="159"/>
        <source>Gold</source>
        <translation>Or</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="160"/>
        <source>Platinum</source>
        <translation>Platine</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="162"/>
        <source>%1 to %2</source>
        <translation>%1 pour le niveau %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/header.py" line="163"/>
        <source>spend that reaches the next tier</source>
        <translation>dépenses restantes pour atteindre le niveau suivant</translation>
    </message>
</context>
<context>
    <name>PurchasesTab</name>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="27"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="27"/>
        <source>App</source>
        <translation>Appli</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="27"/>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="33"/>
        <source>In store</source>
        <translation>En magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="29"/>
        <source>Placed</source>
        <translation>Passée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="29"/>
        <source>Being picked</source>
        <translation>En préparation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="30"/>
        <source>Ready for pickup</source>
        <translation>Prête à retirer</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="30"/>
        <source>On its way</source>
        <translation>En cours d&apos;acheminement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="31"/>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="31"/>
        <source>Expired (not collected)</source>
        <translation>Expirée (non retirée)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="32"/>
        <source>Shipped</source>
        <translation>Expédiée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="32"/>
        <source>Picked up</source>
        <translation>Retirée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="35"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="36"/>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="37"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="38"/>
        <source>Where</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="40"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="42"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="44"/>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="47"/>
        <source>No purchases yet. Orders from every channel show up here.</source>
        <translation>Aucun achat pour l&apos;instant. Les commandes de tous les canaux s&apos;affichent ici.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="50"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="52"/>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="53"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="54"/>
        <source>Returned</source>
        <translation>Retourné</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="57"/>
        <source>Order lines</source>
        <translation>Lignes de commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="61"/>
        <source>Double-click a line to check its stock</source>
        <translation>Double-cliquez sur une ligne pour vérifier son stock</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="63"/>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="120"/>
        <source>Select an order to see its lines</source>
        <translation>Sélectionnez une commande pour voir ses lignes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="82"/>
        <source>Pickup</source>
        <translation>Retrait</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="89"/>
        <source>%1 returned</source>
        <translation>%1 retourné(s)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="124"/>
        <source>Order %1</source>
        <translation>Commande %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="125"/>
        <source>1 item</source>
        <translation>1 article</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="126"/>
        <source>%1 items</source>
        <translation>%1 articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/purchases_tab.py" line="130"/>
        <source>pickup code %1</source>
        <translation>code de retrait %1</translation>
    </message>
</context>
<context>
    <name>Receipts</name>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="72"/>
        <source>Receipt no. %1</source>
        <translation>Reçu n°&#xa0;%1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="74"/>
        <source>Recorded offline: not yet confirmed by the central service</source>
        <translation>Enregistré hors ligne&#xa0;: pas encore confirmé par le service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="99"/>
        <source>Pickup handover</source>
        <translation>Remise d&apos;un retrait</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="100"/>
        <location filename="../../clienteling/ui/receipts.py" line="115"/>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="100"/>
        <location filename="../../clienteling/ui/receipts.py" line="115"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="101"/>
        <location filename="../../clienteling/ui/receipts.py" line="116"/>
        <source>Loyalty no.</source>
        <translation>N° de fidélité</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="101"/>
        <source>Collected by</source>
        <translation>Retiré par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="102"/>
        <source>Verified with</source>
        <translation>Vérifié avec</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="103"/>
        <location filename="../../clienteling/ui/receipts.py" line="116"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="105"/>
        <source>Items handed over</source>
        <translation>Articles remis</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="108"/>
        <location filename="../../clienteling/ui/receipts.py" line="124"/>
        <source>Served by %1</source>
        <translation>Servi par %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="114"/>
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="115"/>
        <source>No receipt</source>
        <translation>Sans reçu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="118"/>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="120"/>
        <source>Refunded to</source>
        <translation>Remboursé sur</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="121"/>
        <source>Points reversed</source>
        <translation>Points annulés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="122"/>
        <source>Approved by</source>
        <translation>Validé par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="147"/>
        <source>The receipt could not be saved in %1: %2</source>
        <translation>Impossible d&apos;enregistrer le reçu dans %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="153"/>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="157"/>
        <source>The receipt could not be saved as %1.</source>
        <translation>Impossible d&apos;enregistrer le reçu sous %1.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="172"/>
        <source>The receipt printer “%1” is not installed on this terminal.</source>
        <translation>L&apos;imprimante de reçus «&#xa0;%1&#xa0;» n&apos;est pas installée sur ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="173"/>
        <source>(none configured)</source>
        <translation>(aucune configurée)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="194"/>
        <source>Save receipt (PDF)</source>
        <translation>Enregistrer le reçu (PDF)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="197"/>
        <source>Print receipt</source>
        <translation>Imprimer le reçu</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="218"/>
        <source>No receipts folder is configured on this terminal.</source>
        <translation>Aucun dossier de reçus n&apos;est configuré sur ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="221"/>
        <source>No receipt printer is configured on this terminal.</source>
        <translation>Aucune imprimante de reçus n&apos;est configurée sur ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="249"/>
        <source>Receipt saved: %1</source>
        <translation>Reçu enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/receipts.py" line="260"/>
        <source>Receipt sent to %1.</source>
        <translation>Reçu envoyé à %1.</translation>
    </message>
</context>
<context>
    <name>RecommendationCard</name>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="61"/>
        <source>Hold</source>
        <translation>Mettre de côté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="64"/>
        <source>Put one aside here for this customer</source>
        <translation>Mettre un exemplaire de côté ici pour ce client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="65"/>
        <source>Not in stock here: it cannot be held at this store</source>
        <translation>Pas en stock ici&#xa0;: impossible de le mettre de côté dans ce magasin</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="66"/>
        <source>Follow-up</source>
        <translation>Relance</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="68"/>
        <source>Add a follow-up to suggest this product</source>
        <translation>Ajouter une relance pour proposer ce produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="69"/>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="71"/>
        <source>Open this product in Inventory</source>
        <translation>Ouvrir ce produit dans Stock</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="108"/>
        <source>size %1</source>
        <translation>taille %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="113"/>
        <source>%1 in stock here</source>
        <translation>%1 en stock ici</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="115"/>
        <source>Not here · %1 at %2 (%3)</source>
        <translation>Pas ici · %1 à %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="117"/>
        <source>Not in stock nearby</source>
        <translation>Pas en stock à proximité</translation>
    </message>
</context>
<context>
    <name>RecommendationsTab</name>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="131"/>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="171"/>
        <source>Suggestions</source>
        <translation>Suggestions</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="175"/>
        <source>Finding suggestions…</source>
        <translation>Recherche de suggestions…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="180"/>
        <source>Suggestions are not available on this terminal right now.</source>
        <translation>Les suggestions ne sont pas disponibles sur ce poste pour le moment.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="186"/>
        <source>this customer</source>
        <translation>ce client</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="187"/>
        <source>Suggestions for %1</source>
        <translation>Suggestions pour %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="189"/>
        <source>Stock and catalogue as of %1</source>
        <translation>Stock et catalogue&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="190"/>
        <source>Not synced yet</source>
        <translation>Pas encore synchronisé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="191"/>
        <source>Offline: suggestions use the stock from the last sync; it may have changed. Holds are sent when the connection is back.</source>
        <translation>Hors ligne&#xa0;: les suggestions reposent sur le stock de la dernière synchronisation, qui a pu changer. Les mises de côté seront envoyées au retour de la connexion.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/profile/reco_tab.py" line="195"/>
        <source>No suggestions right now: nothing that goes with what %1 bought is in stock here or at a nearby store.</source>
        <translation>Aucune suggestion pour le moment&#xa0;: rien de ce qui va avec les achats de %1 n&apos;est en stock ici ou dans un magasin proche.</translation>
    </message>
</context>
<context>
    <name>Returns</name>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="15"/>
        <source>Changed mind</source>
        <translation>A changé d&apos;avis</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="15"/>
        <source>Wrong size</source>
        <translation>Mauvaise taille</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="15"/>
        <source>Defective</source>
        <translation>Défectueux</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="16"/>
        <source>Not as described</source>
        <translation>Non conforme à la description</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="16"/>
        <source>Late delivery</source>
        <translation>Livraison tardive</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="17"/>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="22"/>
        <source>New, tags on</source>
        <translation>Neuf, avec étiquettes</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="22"/>
        <source>Opened or worn</source>
        <translation>Ouvert ou porté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="22"/>
        <source>Damaged</source>
        <translation>Endommagé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="27"/>
        <source>Back to stock</source>
        <translation>Remise en stock</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="27"/>
        <source>Damaged goods</source>
        <translation>Marchandise endommagée</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="27"/>
        <source>Return to vendor</source>
        <translation>Retour fournisseur</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="32"/>
        <source>Original payment</source>
        <translation>Moyen de paiement d&apos;origine</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="32"/>
        <source>Store credit</source>
        <translation>Avoir</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="33"/>
        <source>Exchange</source>
        <translation>Échange</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="42"/>
        <source>Final sale: not returnable.</source>
        <translation>Vente finale&#xa0;: non retournable.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="44"/>
        <source>The customer does not have these goods yet.</source>
        <translation>Le client n&apos;a pas encore ces articles.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="46"/>
        <source>Already returned.</source>
        <translation>Déjà retourné.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="49"/>
        <source>The return window has ended.</source>
        <translation>Le délai de retour est dépassé.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="49"/>
        <source>The return window ended on %1.</source>
        <translation>Le délai de retour a pris fin le %1.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="54"/>
        <source>Waiting for the central service</source>
        <translation>En attente du service central</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="54"/>
        <source>Accepted</source>
        <translation>Accepté</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/text.py" line="55"/>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
</context>
<context>
    <name>ReturnsScreen</name>
    <message>
        <location filename="../../clienteling/ui/returns/screen.py" line="155"/>
        <source>The return could not be recorded: %1</source>
        <translation>Impossible d&apos;enregistrer le retour&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="35"/>
        <location filename="../../clienteling/ui/signin/screen.py" line="63"/>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="47"/>
        <source>Who is signing in</source>
        <translation>Qui se connecte</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="56"/>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="60"/>
        <source>Your PIN</source>
        <translation>Votre code PIN</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="67"/>
        <source>Or scan your badge.</source>
        <translation>Ou scannez votre badge.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="116"/>
        <source>Nobody can sign in yet: the staff list arrives with the first sync.</source>
        <translation>Personne ne peut encore se connecter&#xa0;: la liste du personnel arrive avec la première synchronisation.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="121"/>
        <location filename="../../clienteling/ui/signin/screen.py" line="129"/>
        <source>Choose your name</source>
        <translation>Choisissez votre nom</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="165"/>
        <source>Could not check the sign-in on this terminal; try again.</source>
        <translation>Impossible de vérifier la connexion sur ce poste. Réessayez.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/signin/screen.py" line="117"/>
        <source>Manager</source>
        <translation>Responsable</translation>
    </message>
</context>
<context>
    <name>Stepper</name>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="30"/>
        <source>Fewer</source>
        <translation>Moins</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/inventory/hold_dialog.py" line="30"/>
        <source>More</source>
        <translation>Plus</translation>
    </message>
</context>
<context>
    <name>StyleGridModel</name>
    <message>
        <location filename="../../clienteling/ui/inventory/grid_model.py" line="78"/>
        <source>%1 · %2: %3 here, %4 at other locations</source>
        <translation>%1 · %2&#xa0;: %3 ici, %4 dans d&apos;autres emplacements</translation>
    </message>
</context>
<context>
    <name>SummaryStep</name>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="46"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="47"/>
        <source>Units</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="48"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="49"/>
        <source>Condition</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="50"/>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="60"/>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="52"/>
        <source>Returned lines</source>
        <translation>Lignes retournées</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="55"/>
        <source>Totals</source>
        <translation>Totaux</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="60"/>
        <source>Refund to</source>
        <translation>Remboursé sur</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="61"/>
        <source>Points reversed</source>
        <translation>Points annulés</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="62"/>
        <source>Approved by</source>
        <translation>Validé par</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="79"/>
        <source>Next return</source>
        <translation>Retour suivant</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="100"/>
        <source>Return no. %1</source>
        <translation>Retour n°&#xa0;%1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="104"/>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="105"/>
        <source>Not needed</source>
        <translation>Non requise</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="113"/>
        <source>Checking with the central service…</source>
        <translation>Vérification auprès du service central…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="115"/>
        <source>Accepted by the central service. Give the refund.</source>
        <translation>Accepté par le service central. Remboursez le client.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="118"/>
        <source>Refused by the central service: %1 Do not give the refund.</source>
        <translation>Refusé par le service central&#xa0;: %1 Ne remboursez pas le client.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="119"/>
        <source>no reason given.</source>
        <translation>aucun motif indiqué.</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="121"/>
        <source>The store manager has been notified (see Flags).</source>
        <translation>Le responsable du magasin a été prévenu (voir Signalements).</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/returns/summary_step.py" line="123"/>
        <source>Recorded on this terminal; the central service has not confirmed it yet. Give the refund; the return will sync.</source>
        <translation>Enregistré sur ce poste ; le service central ne l&apos;a pas encore confirmé. Remboursez le client ; le retour sera synchronisé.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="33"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="40"/>
        <source>Initial download</source>
        <translation>Téléchargement initial</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="72"/>
        <source>○ Connecting…</source>
        <translation>○ Connexion…</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="75"/>
        <source>● Online</source>
        <translation>● En ligne</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="75"/>
        <source>● Offline</source>
        <translation>● Hors ligne</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="79"/>
        <source>● Sync problem</source>
        <translation>● Problème de synchronisation</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="84"/>
        <source>Up to date</source>
        <translation>À jour</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="86"/>
        <source>Synced %1</source>
        <translation>Synchronisé %1</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="87"/>
        <source>Not synced yet</source>
        <translation>Pas encore synchronisé</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="90"/>
        <source>%1 waiting to send</source>
        <translation>%1 en attente d&apos;envoi</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="90"/>
        <source>All changes sent</source>
        <translation>Toutes les modifications sont envoyées</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="92"/>
        <source>%1 need attention</source>
        <translation>%1 à vérifier</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="113"/>
        <source>Downloading %1 of %2 rows</source>
        <translation>Téléchargement de %1 lignes sur %2</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/sync/status_widget.py" line="115"/>
        <source>, about %1 left</source>
        <translation>, encore %1 environ</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../clienteling/app.py" line="75"/>
        <source>This terminal&apos;s local data cannot be opened with its key. Ask IT to enrol the terminal again.</source>
        <translation>Les données locales de ce poste ne peuvent pas être ouvertes avec sa clé. Demandez à l&apos;informatique d&apos;enregistrer à nouveau le poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="77"/>
        <source>The local data file is damaged and cannot be rebuilt until the central service can be reached. Nothing was deleted: connect the terminal to the network and start the app again.</source>
        <translation>Le fichier des données locales est endommagé et ne peut être reconstruit tant que le service central est injoignable. Rien n&apos;a été supprimé : connectez le poste au réseau et relancez l&apos;application.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="80"/>
        <source>The disk is full: the app cannot save anything. Ask IT to free some space, then start the app again. Nothing was lost.</source>
        <translation>Le disque est plein : l&apos;application ne peut plus rien enregistrer. Demandez à l&apos;informatique de libérer de la place, puis relancez l&apos;application. Rien n&apos;a été perdu.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="82"/>
        <source>The app cannot write its local data (a read-only disk or folder, or file permissions). Ask IT to check the data folder.</source>
        <translation>L&apos;application ne peut pas écrire ses données locales (disque ou dossier en lecture seule, ou droits sur les fichiers). Demandez à l&apos;informatique de vérifier le dossier des données.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="84"/>
        <source>The local data is in use by another copy of the app. Close it and try again.</source>
        <translation>Les données locales sont utilisées par une autre copie de l&apos;application. Fermez-la et réessayez.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="85"/>
        <source>The disk reported an error while reading the local data. Ask IT to check this terminal.</source>
        <translation>Le disque a signalé une erreur pendant la lecture des données locales. Demandez à l&apos;informatique de vérifier ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="86"/>
        <source>The local data was written by a newer version of the app. Ask IT to update this terminal.</source>
        <translation>Les données locales ont été écrites par une version plus récente de l&apos;application. Demandez à l&apos;informatique de mettre ce poste à jour.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="89"/>
        <source>The local data cannot be used. Ask IT to check this terminal.</source>
        <translation>Les données locales ne sont pas utilisables. Demandez à l&apos;informatique de vérifier ce poste.</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="105"/>
        <location filename="../../clienteling/app.py" line="249"/>
        <source>Local data</source>
        <translation>Données locales</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clienteling/app.py" line="94"/>
        <source>The local data file was damaged: it was set aside and everything is being downloaded again. %n change(s) not sent yet were kept.</source>
        <translation>
            <numerusform>Le fichier des données locales était endommagé : il a été mis de côté et tout est en cours de téléchargement. %n modification non encore envoyée a été conservée.</numerusform>
            <numerusform>Le fichier des données locales était endommagé : il a été mis de côté et tout est en cours de téléchargement. %n modifications non encore envoyées ont été conservées.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="135"/>
        <source>Terminal revoked</source>
        <translation>Poste révoqué</translation>
    </message>
    <message>
        <location filename="../../clienteling/app.py" line="136"/>
        <source>IT has revoked this terminal. Its local data and credentials have been removed. Enrol it again with a new code to continue.</source>
        <translation>L&apos;informatique a révoqué ce poste. Ses données locales et ses identifiants ont été supprimés. Enregistrez-le de nouveau avec un nouveau code pour continuer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clienteling/app.py" line="226"/>
        <source>Locked after %n minute(s) without use. Sign in again to go on.</source>
        <translation>
            <numerusform>Verrouillé après %n minute sans utilisation. Reconnectez-vous pour continuer.</numerusform>
            <numerusform>Verrouillé après %n minutes sans utilisation. Reconnectez-vous pour continuer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="29"/>
        <source>today</source>
        <translation>aujourd&apos;hui</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="31"/>
        <source>yesterday</source>
        <translation>hier</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="33"/>
        <source>%1 days ago</source>
        <translation>il y a %1 jours</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="40"/>
        <source>just now</source>
        <translation>à l&apos;instant</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="42"/>
        <source>%1 s ago</source>
        <translation>il y a %1&#xa0;s</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="44"/>
        <source>%1 min ago</source>
        <translation>il y a %1&#xa0;min</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="45"/>
        <source>%1 h ago</source>
        <translation>il y a %1&#xa0;h</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="51"/>
        <source>%1 s</source>
        <translation>%1&#xa0;s</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="53"/>
        <source>%1 min</source>
        <translation>%1&#xa0;min</translation>
    </message>
    <message>
        <location filename="../../clienteling/ui/formatting.py" line="54"/>
        <source>%1 h</source>
        <translation>%1&#xa0;h</translation>
    </message>
</context>
</TS>
