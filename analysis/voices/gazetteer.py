"""Name lists the entity rules lean on: places (pycountry plus our own aliases), titles, organisations.

pycountry gives every country's ISO name, official name and, for some, a common name; news writes none
of "Korea, Republic of" or "Russian Federation", so :data:`COUNTRY_NAMES` overrides the canonical name
and :data:`COUNTRY_ALIASES` adds what reporters write ("UK", "Britain", "U.S.", "America").  A demonym
only names the state when it governs a word like "government" ("British Government", "Chinese
officials"); alone it is an adjective ("Chinese telecoms giant") and no entity.
"""

from __future__ import annotations

from functools import cache

import pycountry

#: Canonical (news) names that replace pycountry's, by ISO alpha-2 code.
COUNTRY_NAMES = {
    "RU": "Russia", "KR": "South Korea", "KP": "North Korea", "IR": "Iran", "VN": "Vietnam", "TW": "Taiwan",
    "SY": "Syria", "VE": "Venezuela", "BO": "Bolivia", "TZ": "Tanzania", "LA": "Laos", "MD": "Moldova",
    "CZ": "Czech Republic", "PS": "Palestine", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "CI": "Ivory Coast", "FM": "Micronesia", "VA": "Vatican City", "BN": "Brunei", "TR": "Turkey",
    "MK": "North Macedonia", "BS": "Bahamas", "GM": "Gambia",
}
#: What reporters write for a state, beyond pycountry's names.
COUNTRY_ALIASES = {
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "RU": ["Russian Federation"], "KR": ["Korea"], "CZ": ["Czechia"], "TR": ["Türkiye"], "CI": ["Côte d'Ivoire"],
    "AE": ["UAE", "U.A.E."], "NL": ["Holland"], "VA": ["Vatican"], "CD": ["DRC", "DR Congo"],
    "MM": ["Burma"], "SZ": ["Swaziland"], "CV": ["Cape Verde"], "TL": ["East Timor"],
}
#: Demonym (adjective of a state) → ISO code.  The state is meant only before a :data:`GOVERNING` word.
DEMONYMS = {
    "American": "US", "British": "GB", "Chinese": "CN", "Russian": "RU", "Iranian": "IR", "Israeli": "IL",
    "French": "FR", "German": "DE", "Japanese": "JP", "Indian": "IN", "Canadian": "CA", "Mexican": "MX",
    "Ukrainian": "UA", "Saudi": "SA", "Turkish": "TR", "North Korean": "KP", "South Korean": "KR", "Syrian": "SY",
    "Iraqi": "IQ", "Afghan": "AF", "Pakistani": "PK", "Italian": "IT", "Spanish": "ES", "Australian": "AU",
    "Brazilian": "BR", "Palestinian": "PS", "Egyptian": "EG", "Venezuelan": "VE", "Cuban": "CU", "Taiwanese": "TW",
    "Irish": "IE", "Dutch": "NL", "Polish": "PL", "Greek": "GR", "Swedish": "SE", "Norwegian": "NO",
    "Danish": "DK", "Finnish": "FI", "Belgian": "BE", "Swiss": "CH", "Austrian": "AT", "Hungarian": "HU",
    "Nigerian": "NG", "South African": "ZA", "Kenyan": "KE", "Ethiopian": "ET", "Libyan": "LY", "Lebanese": "LB",
    "Jordanian": "JO", "Qatari": "QA", "Emirati": "AE", "Yemeni": "YE", "Vietnamese": "VN", "Filipino": "PH",
    "Indonesian": "ID", "Thai": "TH", "Malaysian": "MY", "Argentine": "AR", "Colombian": "CO", "Chilean": "CL",
    "Peruvian": "PE", "Belarusian": "BY", "Georgian": "GE", "Armenian": "AM", "Azerbaijani": "AZ",
    "Kazakh": "KZ", "Serbian": "RS", "Croatian": "HR", "Romanian": "RO", "Bulgarian": "BG", "Czech": "CZ",
    "Portuguese": "PT", "Scottish": "GB", "Welsh": "GB", "Mexican-American": "US",
}
#: Words after a demonym that make it the state ("British Government").
GOVERNING = frozenset(
    "government governments officials official authorities administration regime leadership state ministry "
    "military army navy embassy diplomats leaders president prime parliament".split()
)
#: Capitals and cities that stand for their government in news ("Beijing said"); kept as their own places.
_CITY_WORDS = (
    "Beijing Moscow Washington London Paris Berlin Tokyo Tehran Pyongyang Seoul Kyiv Kiev Jerusalem Damascus "
    "Baghdad Kabul Islamabad Delhi Ottawa Canberra Brussels Rome Madrid Ankara Cairo Riyadh Caracas Havana "
    "Taipei Shanghai Wuhan Geneva Davos Minsk Warsaw Athens Dublin Edinburgh Belfast Chicago Houston Boston "
    "Miami Atlanta Seattle Detroit Dallas Phoenix Philadelphia Baltimore Denver Brooklyn Manhattan Westminster "
    "Gaza Crimea Donbas Xinjiang Tibet Kashmir"
)
CITIES = [
    *_CITY_WORDS.split(), "New Delhi", "Hong Kong", "New York", "Los Angeles", "San Francisco", "Silicon Valley",
    "Wall Street", "Capitol Hill", "Downing Street", "West Bank",
]
_STATE_WORDS = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
    "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
    "Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah "
    "Vermont Virginia Wisconsin Wyoming"
)
US_STATES = [
    *_STATE_WORDS.split(), "New Hampshire", "New Jersey", "New Mexico", "North Carolina", "North Dakota",
    "Rhode Island", "South Carolina", "South Dakota", "West Virginia",
]
#: Titles and roles before a name; stripped from the person's canonical name.
TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady president vice secretary minister prime "
    "chancellor senator sen sen. rep rep. representative gov gov. governor mayor judge justice chief "
    "ambassador general gen gen. lt lt. col col. colonel maj major capt capt. captain sgt sgt. admiral adm "
    "commissioner director chairman chairwoman chair ceo spokesman spokeswoman spokesperson speaker leader "
    "king queen prince princess pope cardinal bishop rev rev. father sister brother attorney foreign home "
    "state defense defence health treasury interior finance trade deputy former first lady house senate "
    "majority minority whip officer detective inspector sheriff coach manager striker midfielder defender "
    "goalkeeper actor actress singer rapper star premier envoy diplomat consul press counsel special "
    "assistant aide adviser advisor advisers executive founder owner editor columnist reporter professor "
    "dr. st. saint sens reps govs presidents candidate nominee congressman congresswoman councilman "
    "councilwoman assemblyman assemblywoman delegate economic national security homeland education energy "
    "transportation agriculture commerce labor labour veterans justice environment culture"
    .split()
)
#: Role nouns that, in an appositive (", the Chinese ambassador to Britain,") mark the name as a person.
ROLES = frozenset(
    "ambassador spokesman spokeswoman spokesperson minister secretary president senator governor mayor "
    "chairman chairwoman leader director chief ceo founder official aide adviser advisor lawyer attorney "
    "judge justice economist analyst professor author writer researcher scientist commander general "
    "candidate nominee congressman congresswoman representative lawmaker legislator diplomat envoy "
    "chancellor premier king queen prince princess father mother wife husband son daughter brother sister "
    "coach manager player striker actor actress singer rapper executive head owner editor reporter "
    "journalist columnist activist officer spokesperson counsel economist strategist pollster host "
    "commissioner cofounder co-founder member whistleblower billionaire businessman businesswoman".split()
)
#: Last words that make a name an organisation.
ORG_SUFFIXES = frozenset(
    "party inc inc. corp corp. corporation co co. ltd ltd. llc plc group company companies university college "
    "school council committee commission ministry department agency association union bank court congress "
    "senate house network news times post journal foundation institute organization organisation "
    "administration force forces army navy police service services office bureau board authority fund "
    "federation league club church hospital airlines airways motors media press review tribune herald "
    "guardian telegraph express mail gazette channel radio television tv studios records labs systems "
    "technologies holdings partners capital trust alliance coalition movement campaign caucus assembly "
    "parliament cabinet government republicans democrats"
    .split()
)
#: Words before a name that make it an organisation ("telecoms giant Huawei").
ORG_CUES = frozenset(
    "giant company firm maker manufacturer group retailer carrier operator provider startup start-up "
    "conglomerate network broadcaster newspaper outlet platform app insurer lender bank airline automaker "
    "chipmaker brand".split()
)
#: Organisations news names by one word (or an acronym) and the rules above cannot tell from a person.
KNOWN_ORGS = {
    "Huawei": "Huawei", "ZTE": "ZTE", "TikTok": "TikTok", "Twitter": "Twitter", "Facebook": "Facebook",
    "Google": "Google", "Apple": "Apple", "Amazon": "Amazon", "Microsoft": "Microsoft", "Meta": "Meta",
    "Instagram": "Instagram", "YouTube": "YouTube", "WhatsApp": "WhatsApp", "Tesla": "Tesla", "Netflix": "Netflix",
    "Uber": "Uber", "Boeing": "Boeing", "Walmart": "Walmart", "Disney": "Disney", "Reuters": "Reuters",
    "Bloomberg": "Bloomberg", "Fox": "Fox News", "CNN": "CNN", "MSNBC": "MSNBC", "BBC": "BBC", "NBC": "NBC",
    "CBS": "CBS", "ABC": "ABC", "NPR": "NPR", "AP": "The Associated Press",
    "Associated Press": "The Associated Press",
    "NATO": "NATO", "FBI": "FBI", "CIA": "CIA", "NSA": "NSA", "EU": "European Union", "UN": "United Nations",
    "U.N.": "United Nations", "WHO": "World Health Organization", "IMF": "IMF", "OPEC": "OPEC",
    "GOP": "Republican Party",
    "Pentagon": "Pentagon", "Kremlin": "Kremlin", "Hamas": "Hamas", "Hezbollah": "Hezbollah", "Taliban": "Taliban",
    "Congress": "Congress", "Senate": "Senate", "Parliament": "Parliament", "ISIS": "ISIS",
    "DNC": "DNC",
    "RNC": "RNC", "EPA": "EPA", "IRS": "IRS", "DOJ": "Justice Department", "NHS": "NHS", "Labour": "Labour Party",
    "Tories": "Conservative Party", "Democrats": "Democratic Party", "Republicans": "Republican Party",
    "Supreme Court": "Supreme Court", "White House": "White House", "Infowars": "Infowars", "Brexit": "",
    "Chinese Communist Party": "Chinese Communist Party", "CCP": "Chinese Communist Party",
    "Communist Party": "Chinese Communist Party",
}
#: Capitalised words that are never an entity on their own (days, months, sentence openers, …).
NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december the a an in on at as it its he she they we i you his her "
    "their our this that these those there here but and or so yet however meanwhile while when after "
    "before since if also then now some many most one two three what why how who where which all no not "
    "earlier later last next new today yesterday tomorrow west western east eastern north "
    "northern south southern christmas easter covid coronavirus internet web god read more photo video "
    "advertisement getty images according despite during under over among between for from with by to of "
    "breaking update updated sources source officials police people americans europeans democrats republicans "
    "let just still even only because although though both each every another such other".split()
)


#: Capitalised words that a verb often follows in news but that name no one ("Democratic leaders said",
#: "Critics argue", "Media reported").
NOT_LONE_PEOPLE = frozenset(
    "democratic republican democrat democrats republicans independent conservative liberal progressive "
    "black white muslim muslims christian christians jewish catholic evangelical hispanic latino latina "
    "european african asian arab western eastern northern southern media image images photo photos copy get "
    "let please here what several any four five six seven eight nine ten see everyone everybody nobody "
    "right left polls critics front liberty constitution administration president committee department "
    "ministry review post times guard congress senate house court police army military federal national "
    "international global world government state county city united union party internet twitter covid "
    "coronavirus obamacare medicaid medicare brexit jesus god lord allah christmas easter ramadan thanksgiving "
    "halloween olympics olympic super bowl facebook instagram youtube google amazon apple microsoft "
    "subscribe sign click watch read related advertisement editor note update breaking exclusive opinion "
    "analysis commentary representatives amendment council organization journal europe north south east west "
    "perhaps having shortly speaking use earth cloud x-ray".split()
)


@cache
def places() -> dict[str, tuple[str, str]]:
    """Surface form → (canonical name, ISO code or ''), for countries, their aliases and known cities."""
    table: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        canonical = COUNTRY_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        forms = {country.name, canonical, getattr(country, "official_name", None) or country.name,
                 *COUNTRY_ALIASES.get(code, [])}
        for form in forms:
            table[form] = (canonical, code)
            if form.startswith("the "):
                table[form[4:]] = (canonical, code)
    for demonym, code in DEMONYMS.items():
        canonical = table[_name_of(code)][0]
        for word in GOVERNING:
            table[f"{demonym} {word.capitalize()}"] = (canonical, code)
    for city in CITIES:
        table.setdefault(city, (city, ""))
    for state in US_STATES:
        table.setdefault(state, (state, ""))
    return table


def _name_of(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    assert country is not None
    return country.name


@cache
def first_names() -> frozenset[str]:
    """Lower-case given names that are clearly a person's (gender-guesser's list, ambiguous ones left out)."""
    from gender_guesser.detector import Detector

    detector = Detector(case_sensitive=False)
    return frozenset(name for name, genders in detector.names.items() if _common_given_name(genders))


def _common_given_name(genders: dict[str, str]) -> bool:
    """gender-guesser maps each name to {gender: per-country frequency digits}; "andy" (either) and very
    rare names ("Pompeo" in one country) are left out: they are surnames or place words as often as not."""
    total = 0
    for gender, frequencies in genders.items():
        if gender in ("male", "female", "mostly_male", "mostly_female"):
            total += sum(int(ch, 16) for ch in frequencies if ch.strip())
    return total >= 3
