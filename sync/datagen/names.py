"""Word pools for synthetic data: names, places, brands, catalogue vocabulary, note templates.

Everything here is invented or generic. Phone numbers use the 555 exchange, e-mail addresses
reserved example domains, so nothing points at a real person.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Diverse on purpose: diacritics, apostrophes, hyphens and particles are what search must handle.
WOMEN_FIRST = (
    "Zoë", "Chloé", "Renée", "Inès", "Noémie", "Léa", "Maëlle", "Agnès", "Hélène", "Anaïs",
    "Sofía", "María", "Lucía", "Ana María", "Mónica", "Begoña", "Itziar", "Ximena", "Valentina", "Camila",
    "Björk", "Åsa", "Sigríður", "Ingrid", "Freja", "Maja", "Linnéa", "Søs", "Greta", "Märta",
    "Małgorzata", "Zofia", "Agnieszka", "Kateřina", "Žaneta", "Şeyma", "Ayşe", "Elif", "Gülşen", "Zeynep",
    "Aoife", "Siobhán", "Niamh", "Emma", "Olivia", "Ava", "Mia", "Harper", "Emily", "Grace",
    "Priya", "Aanya", "Divya", "Lakshmi", "Mei", "Xiu", "Yuna", "Haruka", "Sakura", "Ji-woo",
    "Thảo", "Linh", "Ngọc", "Amara", "Chiamaka", "Adaeze", "Fatima", "Layla", "Yasmin", "Nour",
    "Jennifer", "Jessica", "Sarah", "Ashley", "Nicole", "Rachel", "Lauren", "Megan", "Hannah", "Abigail",
    "Isabella", "Sophia", "Charlotte", "Amelia", "Evelyn", "Aaliyah", "Keisha", "Imani", "Destiny", "Jasmine",
)
MEN_FIRST = (
    "José", "Andrés", "Jesús", "Martín", "Raúl", "Iñaki", "Sebastián", "Joaquín", "Nicolás", "Tomás",
    "François", "Jérôme", "Loïc", "Benoît", "Théo", "Zoltán", "Jürgen", "Björn", "Søren", "Øyvind",
    "Łukasz", "Paweł", "Jiří", "Ömer", "Çağan", "Emre", "Mehmet", "Oğuz", "Seán", "Ciarán",
    "João", "Gonçalo", "Estêvão", "Dmitri", "Nikolai", "Luca", "Matteo", "Niccolò", "Giulio", "Mattia",
    "Liam", "Noah", "Oliver", "James", "William", "Benjamin", "Lucas", "Henry", "Alexander", "Daniel",
    "Arjun", "Rohan", "Vikram", "Aditya", "Wei", "Jun", "Hiroshi", "Kenji", "Min-jun", "Seo-jun",
    "Minh", "Quốc", "Dũng", "Chinedu", "Emeka", "Oluwaseun", "Kwame", "Omar", "Karim", "Youssef",
    "Michael", "Christopher", "Matthew", "Joshua", "David", "Andrew", "Ryan", "Tyler", "Brandon", "Kevin",
    "DeShawn", "Malik", "Jamal", "Terrell", "Marcus", "Diego", "Mateo", "Santiago", "Carlos", "Luis",
)
LAST = (
    "Müller", "Çelik", "Schäfer", "Köhler", "Groß", "Weiß", "Öztürk", "Yılmaz", "Şahin", "Doğan",
    "García", "Hernández", "González", "Pérez", "Sánchez", "Jiménez", "Núñez", "Muñoz", "Gómez", "Ibáñez",
    "Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Lefèvre", "Bérubé", "Gagné", "Côté", "Thérien",
    "Ødegaard", "Sjöberg", "Åström", "Lindqvist", "Kowalczyk", "Wiśniewski", "Łukaszewicz", "Dvořák", "Novák",
    "O'Brien", "O'Connor", "McCarthy", "Ní Bhriain", "Smith-Jones", "van der Berg", "De la Cruz", "da Silva",
    "dos Santos", "Conceição", "Magalhães", "Rossi", "Esposito", "Bianchi", "Romano", "Ricci",
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
    "Patel", "Shah", "Sharma", "Iyer", "Reddy", "Gupta", "Chen", "Wang", "Li", "Zhang",
    "Liu", "Huang", "Kim", "Park", "Choi", "Tanaka", "Suzuki", "Watanabe", "Okafor", "Adeyemi",
    "Mensah", "Haddad", "Khoury", "Al-Masri", "Cohen", "Levi", "Friedman", "Kuznetsov", "Ivanova", "Popescu",
)

EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net")
STAFF_DOMAIN = "staff.example.com"

_FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ł": "l", "Ł": "l",
                       "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i",
                       "'": "", " ": "", "-": ""})


def ascii_fold(name: str) -> str:
    """Lower-case ASCII form of a name for e-mail addresses ("Çelik" -> "celik")."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode().lower()


@dataclass(frozen=True)
class Metro:
    """A metro area that becomes one region: its cities, time zone and phone area codes."""

    key: str
    state_tz: str
    utc_offset_h: int
    area_codes: tuple[str, ...]
    cities: tuple[tuple[str, str, float, float, str], ...]  # name, state, lat, lon, zip prefix


METROS: dict[str, Metro] = {m.key: m for m in (
    Metro("bay-area", "America/Los_Angeles", -8, ("415", "510", "650", "408", "925"), (
        ("San Francisco", "CA", 37.7749, -122.4194, "941"), ("Oakland", "CA", 37.8044, -122.2712, "946"),
        ("San Jose", "CA", 37.3382, -121.8863, "951"), ("Palo Alto", "CA", 37.4419, -122.1430, "943"),
        ("Berkeley", "CA", 37.8716, -122.2727, "947"), ("Walnut Creek", "CA", 37.9101, -122.0652, "945"),
        ("San Mateo", "CA", 37.5630, -122.3255, "944"), ("Santa Clara", "CA", 37.3541, -121.9552, "950"))),
    Metro("socal", "America/Los_Angeles", -8, ("213", "310", "818", "626", "949", "714"), (
        ("Los Angeles", "CA", 34.0522, -118.2437, "900"), ("Santa Monica", "CA", 34.0195, -118.4912, "904"),
        ("Pasadena", "CA", 34.1478, -118.1445, "911"), ("Irvine", "CA", 33.6846, -117.8265, "926"),
        ("Long Beach", "CA", 33.7701, -118.1937, "908"), ("Glendale", "CA", 34.1425, -118.2551, "912"),
        ("Costa Mesa", "CA", 33.6411, -117.9187, "926"), ("Burbank", "CA", 34.1808, -118.3090, "915"))),
    Metro("northeast", "America/New_York", -5, ("212", "718", "917", "646", "201", "914"), (
        ("New York", "NY", 40.7128, -74.0060, "100"), ("Brooklyn", "NY", 40.6782, -73.9442, "112"),
        ("Hoboken", "NJ", 40.7440, -74.0324, "070"), ("Jersey City", "NJ", 40.7178, -74.0431, "073"),
        ("White Plains", "NY", 41.0340, -73.7629, "106"), ("Stamford", "CT", 41.0534, -73.5387, "069"),
        ("Paramus", "NJ", 40.9445, -74.0754, "076"), ("Queens", "NY", 40.7282, -73.7949, "113"))),
    Metro("midwest", "America/Chicago", -6, ("312", "773", "847", "630", "708"), (
        ("Chicago", "IL", 41.8781, -87.6298, "606"), ("Evanston", "IL", 42.0451, -87.6877, "602"),
        ("Oak Brook", "IL", 41.8328, -87.9290, "605"), ("Schaumburg", "IL", 42.0334, -88.0834, "601"),
        ("Naperville", "IL", 41.7508, -88.1535, "605"), ("Skokie", "IL", 42.0324, -87.7416, "600"),
        ("Oak Park", "IL", 41.8850, -87.7845, "603"))),
    Metro("texas", "America/Chicago", -6, ("214", "469", "972", "817", "682"), (
        ("Dallas", "TX", 32.7767, -96.7970, "752"), ("Fort Worth", "TX", 32.7555, -97.3308, "761"),
        ("Plano", "TX", 33.0198, -96.6989, "750"), ("Frisco", "TX", 33.1507, -96.8236, "750"),
        ("Arlington", "TX", 32.7357, -97.1081, "760"), ("Irving", "TX", 32.8140, -96.9489, "750"),
        ("Southlake", "TX", 32.9412, -97.1342, "760"))),
    Metro("pacific-nw", "America/Los_Angeles", -8, ("206", "425", "253", "360"), (
        ("Seattle", "WA", 47.6062, -122.3321, "981"), ("Bellevue", "WA", 47.6101, -122.2015, "980"),
        ("Redmond", "WA", 47.6740, -122.1215, "980"), ("Tacoma", "WA", 47.2529, -122.4443, "984"),
        ("Kirkland", "WA", 47.6769, -122.2060, "980"), ("Everett", "WA", 47.9790, -122.2021, "982"))),
)}

STORE_SITES = ("Downtown", "Center", "Plaza", "Galleria", "Station", "Village", "Mall", "Market",
               "Square", "Commons", "Pier", "Heights", "Crossing", "Promenade")
STREETS = ("Market St", "Main St", "Broadway", "Oak Ave", "Mission Blvd", "Park Ave", "Elm St",
           "Lake Shore Dr", "Center Blvd", "Harbor Way", "Maple Ave", "Union St", "Grand Ave",
           "Cedar Ln", "Church St", "Washington Blvd", "Sunset Blvd", "Commerce St")
DC_PLACE = ("Reno", "NV", 39.5296, -119.8138, "America/Los_Angeles")

BRANDS = ("Northwind", "Harbor & Pine", "Maison Lumière", "Kōen", "Alder & Co.", "Fjällvik",
          "Sol y Sombra", "Brightline", "Atelier Noé", "Ridge Supply", "Papillon", "Ostara",
          "Café Society", "Løvland", "Tessera", "Wildfell")
COLOURS = ("Black", "White", "Navy", "Grey Marl", "Charcoal", "Ivory", "Beige", "Camel", "Olive",
           "Burgundy", "Forest Green", "Sky Blue", "Denim Blue", "Blush Pink", "Rust", "Mustard",
           "Chocolate", "Khaki", "Cream", "Red", "Lilac", "Teal", "Sand", "Stone")
LOOKS = ("minimal", "classic", "streetwear", "boho", "preppy", "athleisure", "workwear",
         "romantic", "outdoor", "tailored", "vintage", "coastal")
MATERIALS = ("Linen", "Organic Cotton", "Merino", "Cashmere-Blend", "Denim", "Corduroy", "Silk",
             "Recycled Nylon", "Suede", "Leather", "Jersey", "Twill", "Wool", "Poplin")
ADJECTIVES = ("Classic", "Relaxed", "Slim", "Cropped", "Oversized", "Essential", "Everyday",
              "Weekend", "Studio", "Heritage", "Utility", "Soft", "Tailored", "Easy", "Field",
              "City", "Coastal", "Alpine", "Vintage", "Modern")
SEASONS = ("Core", "SS{y}", "FW{y1}", "SS{y1}", "FW{y2}")

_ALPHA = ("XS", "S", "M", "L", "XL")
_ALPHA_M = ("S", "M", "L", "XL", "XXL")
ONE_SIZE = ("One Size",)


@dataclass(frozen=True)
class Category:
    """A catalogue category: how common, how priced (whole dollars), what it is called, its sizes."""

    name: str
    weight: int
    price: tuple[int, int]
    nouns: tuple[str, ...]
    sizes: dict[str, tuple[str, ...]]  # gender -> size run
    genders: tuple[str, ...] = ("women", "men", "unisex")
    max_colours: int = 4


CATEGORIES: tuple[Category, ...] = (
    Category("tops", 22, (25, 110), ("Tee", "Oxford Shirt", "Henley", "Blouse", "Polo", "Tank", "Shirt"),
             {"women": _ALPHA, "men": _ALPHA_M, "unisex": _ALPHA}),
    Category("knitwear", 10, (49, 220), ("Sweater", "Cardigan", "Crewneck", "Turtleneck", "Vest"),
             {"women": _ALPHA, "men": _ALPHA_M, "unisex": _ALPHA}),
    Category("bottoms", 16, (39, 160), ("Jeans", "Chinos", "Trousers", "Shorts", "Skirt", "Joggers"),
             {"women": ("0", "2", "4", "6", "8", "10", "12"), "men": ("28", "30", "32", "34", "36", "38"),
              "unisex": ("26", "28", "30", "32", "34", "36")}),
    Category("dresses", 9, (59, 240), ("Midi Dress", "Wrap Dress", "Slip Dress", "Shirt Dress", "Jumpsuit"),
             {"women": ("0", "2", "4", "6", "8", "10", "12")}, genders=("women",)),
    Category("outerwear", 9, (99, 450), ("Parka", "Trench Coat", "Bomber", "Puffer", "Blazer", "Overshirt"),
             {"women": _ALPHA, "men": _ALPHA_M, "unisex": _ALPHA}, max_colours=3),
    Category("shoes", 12, (59, 260), ("Sneaker", "Loafer", "Chelsea Boot", "Sandal", "Runner", "Derby"),
             {"women": ("5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "10", "11"),
              "men": ("7", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12", "13"),
              "unisex": ("6", "7", "8", "9", "10", "11", "12")}, max_colours=3),
    Category("accessories", 14, (15, 120), ("Scarf", "Beanie", "Belt", "Cap", "Sunglasses", "Socks 3-Pack"),
             {"women": ONE_SIZE, "men": ONE_SIZE, "unisex": ONE_SIZE}),
    Category("bags", 8, (49, 480), ("Tote", "Crossbody", "Backpack", "Weekender", "Clutch"),
             {"women": ONE_SIZE, "men": ONE_SIZE, "unisex": ONE_SIZE}, max_colours=3),
)

NOTE_TEMPLATES = (
    "Looking for a {colour} {noun} for a wedding in {month}. Prefers {size}; call when new stock lands.",
    "Bought the {noun} last visit, loved the fit. Interested in the matching {noun2}.",
    "Returned a {noun}: runs small for them. Suggest one size up in {brand}.",
    "Prefers to be contacted by e-mail, not by phone. Usually shops on Saturday mornings.",
    "Gift shopping for a partner (size {size}, likes {colour}). Budget around ${budget}.",
    "Asked to be told when the {brand} {season} collection arrives.",
    "Travelling in {month}; wants lightweight layers and a {noun2}. Very happy with last styling session.",
    "Allergic to wool; steer towards cotton and linen. Likes {look} looks.",
    "VIP preview invite accepted. Set aside {colour} pieces in {size} before the event.",
    "Alterations on the trousers ready for pickup; hem taken up 2 cm. Mentioned interest in a {noun2}.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
