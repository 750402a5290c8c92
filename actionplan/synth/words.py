"""Danish words and names for the synthetic portfolio (so search and layout see real text)."""

import random

from actionplan.organisations.models import FundingSource

REGIONS = [
    ("Region Hovedstaden", "region-hovedstaden"),
    ("Region Sjælland", "region-sjaelland"),
    ("Region Syddanmark", "region-syddanmark"),
    ("Region Midtjylland", "region-midtjylland"),
    ("Region Nordjylland", "region-nordjylland"),
]

# OECD DAC purpose codes for themes and focus areas.
DAC_SECTORS = ["41010", "11330", "21010", "12110", "23110", "25010", "43030"]

MUNICIPALITIES = [
    "Albertslund",
    "Allerød",
    "Assens",
    "Ballerup",
    "Billund",
    "Bornholm",
    "Brøndby",
    "Brønderslev",
    "Dragør",
    "Egedal",
    "Esbjerg",
    "Fanø",
    "Favrskov",
    "Faxe",
    "Fredensborg",
    "Fredericia",
    "Frederiksberg",
    "Frederikshavn",
    "Frederikssund",
    "Furesø",
    "Faaborg-Midtfyn",
    "Gentofte",
    "Gladsaxe",
    "Glostrup",
    "Greve",
    "Gribskov",
    "Guldborgsund",
    "Haderslev",
    "Halsnæs",
    "Hedensted",
    "Helsingør",
    "Herlev",
    "Herning",
    "Hillerød",
    "Hjørring",
    "Holbæk",
    "Holstebro",
    "Horsens",
    "Hvidovre",
    "Høje-Taastrup",
    "Hørsholm",
    "Ikast-Brande",
    "Ishøj",
    "Jammerbugt",
    "Kalundborg",
    "Kerteminde",
    "Kolding",
    "København",
    "Køge",
    "Langeland",
    "Lejre",
    "Lemvig",
    "Lolland",
    "Lyngby-Taarbæk",
    "Læsø",
    "Mariagerfjord",
    "Middelfart",
    "Morsø",
    "Norddjurs",
    "Nordfyns",
    "Nyborg",
    "Næstved",
    "Odder",
    "Odense",
    "Odsherred",
    "Randers",
    "Rebild",
    "Ringkøbing-Skjern",
    "Ringsted",
    "Roskilde",
    "Rudersdal",
    "Rødovre",
    "Samsø",
    "Silkeborg",
    "Skanderborg",
    "Skive",
    "Slagelse",
    "Solrød",
    "Sorø",
    "Stevns",
    "Struer",
    "Svendborg",
    "Syddjurs",
    "Sønderborg",
    "Thisted",
    "Tønder",
    "Tårnby",
    "Vallensbæk",
    "Varde",
    "Vejen",
    "Vejle",
    "Vesthimmerland",
    "Viborg",
    "Vordingborg",
    "Ærø",
    "Aabenraa",
    "Aalborg",
    "Aarhus",
]

KNOWLEDGE = (
    ["Københavns", "Aarhus", "Syddansk", "Aalborg", "Roskilde", "Danmarks Tekniske", "Nordisk"],
    ["Universitet", "Professionshøjskole", "Erhvervsakademi", "Videncenter", "Forskningscenter"],
)
COMPANY = (
    ["Grøn", "Nordisk", "Dansk", "Blå", "Ny", "Sund", "Digital", "Cirkulær"],
    ["Vandteknik A/S", "Energi ApS", "Mobilitet A/S", "Byggeri ApS", "Robotics A/S", "Data ApS"],
)
ASSOCIATION = (
    ["Foreningen for", "Netværk for", "Klyngen for", "Rådet for", "Selskabet for"],
    ["bæredygtig turisme", "grøn omstilling", "life science", "kultur", "uddannelse", "vand"],
)
FOUNDATION = (
    ["Novo Nordisk", "Real", "Velux", "Lund", "Carlsberg", "Nordea", "Tryg"],
    ["Fonden", "Fondet", "Fond"],
)
STATE = (
    ["Miljø-", "Trafik-", "Sundheds-", "Erhvervs-", "Energi-", "Uddannelses-"],
    ["styrelsen", "ministeriet", "agenturet"],
)

SOURCES = [
    ("Interreg Øresund-Kattegat-Skagerrak", FundingSource.Kind.EU),
    ("Interreg Deutschland-Danmark", FundingSource.Kind.EU),
    ("Horizon Europe", FundingSource.Kind.EU),
    ("LIFE", FundingSource.Kind.EU),
    ("Den Europæiske Socialfond Plus", FundingSource.Kind.EU),
    ("EU's Regionalfond", FundingSource.Kind.EU),
    ("Novo Nordisk Fonden", FundingSource.Kind.FOUNDATION),
    ("Realdania", FundingSource.Kind.FOUNDATION),
    ("Velux Fonden", FundingSource.Kind.FOUNDATION),
    ("Danmarks Erhvervsfremmebestyrelse", FundingSource.Kind.STATE),
    ("Energistyrelsen", FundingSource.Kind.STATE),
    ("Kommunal medfinansiering", FundingSource.Kind.MUNICIPAL),
]

STRATEGY_TITLES = [
    "En region for den næste generation",
    "Vækst og udvikling i hele regionen",
    "Grøn, sund og sammenhængende",
    "Fremtidens region",
]

THEMES = [
    "Klima og miljø i balance",
    "Mobilitet for alle",
    "Uddannelse og kompetencer",
    "Sundhed og livskvalitet",
    "Erhverv og innovation",
    "Kultur og fritid",
    "Digital omstilling",
    "Natur og vand",
]
AREA_VERBS = ["Sikre", "Styrke", "Udvikle", "Fremme", "Omstille", "Forbedre", "Udbygge"]
AREA_OBJECTS = [
    "grundvandet",
    "den kollektive trafik",
    "cirkulær økonomi",
    "klimatilpasningen",
    "de grønne uddannelser",
    "life science-klyngen",
    "cykelinfrastrukturen",
    "den digitale sundhed",
    "vedvarende energi",
    "kulturlivet",
    "biodiversiteten",
    "turismen",
]
INDICATORS = [
    "Andel unge med en uddannelse",
    "Udledning af drivhusgasser",
    "Rejsende med kollektiv trafik",
    "Nye grønne arbejdspladser",
    "Genanvendt affald",
    "Boringer med rent grundvand",
    "Borgere med digital adgang",
]
PROJECT_WORDS = [
    "Klimatilpasning",
    "Grundvandsbeskyttelse",
    "Cykelsuperstier",
    "Grøn mobilitet",
    "Cirkulært byggeri",
    "Fremtidens kompetencer",
    "Sundhedsinnovation",
    "Digital velfærd",
    "Biogas og energi",
    "Kystbeskyttelse",
    "Naturgenopretning",
    "Turisme langs kysten",
    "Life science-talenter",
    "Bæredygtig fødevareproduktion",
    "Kulturens rum",
    "Robotter i sundhedsvæsenet",
]
FILLER = [
    "projektet",
    "samler",
    "kommuner",
    "virksomheder",
    "og",
    "vidensinstitutioner",
    "om",
    "en",
    "fælles",
    "indsats",
    "for",
    "at",
    "styrke",
    "regionens",
    "udvikling",
    "gennem",
    "nye",
    "partnerskaber",
    "løsninger",
    "og",
    "viden",
    "der",
    "kan",
    "bruges",
    "bredt",
    "i",
    "hele",
    "landet",
    "borgerne",
    "får",
    "bedre",
    "muligheder",
    "og",
    "erfaringerne",
    "deles",
    "med",
    "andre",
    "regioner",
]


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(FILLER) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def project_description(rng: random.Random, word: str, place: str) -> str:
    return f"{word} i {place}. {sentence(rng, rng.randint(10, 20))}"


def update_text(rng: random.Random, progress: int) -> str:
    return f"Projektet er {progress} % gennemført. {sentence(rng, rng.randint(6, 12))}"
