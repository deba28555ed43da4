"""ISO 3166-1 alpha-2 country codes (plus ``EU``) and their Spanish and English names."""

from __future__ import annotations

from types import MappingProxyType

from kb.vocab import Term

# Every officially assigned ISO 3166-1 alpha-2 code.
ISO_CODES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY
BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM
FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN
MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT
PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL
TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split()) | {"EU"}

_NAMES = {
    "AR": ("Argentina", "Argentina"), "AT": ("Austria", "Austria"), "AU": ("Australia", "Australia"),
    "BE": ("Bélgica", "Belgium"), "BO": ("Bolivia", "Bolivia"), "BR": ("Brasil", "Brazil"),
    "BZ": ("Belice", "Belize"), "CA": ("Canadá", "Canada"), "CH": ("Suiza", "Switzerland"),
    "CL": ("Chile", "Chile"), "CO": ("Colombia", "Colombia"), "CR": ("Costa Rica", "Costa Rica"),
    "CU": ("Cuba", "Cuba"), "CZ": ("Chequia", "Czechia"), "DE": ("Alemania", "Germany"),
    "DK": ("Dinamarca", "Denmark"), "DO": ("República Dominicana", "Dominican Republic"),
    "EC": ("Ecuador", "Ecuador"), "EE": ("Estonia", "Estonia"), "ES": ("España", "Spain"),
    "EU": ("Europa", "Europe"), "FI": ("Finlandia", "Finland"), "FR": ("Francia", "France"),
    "GB": ("Reino Unido", "United Kingdom"), "GR": ("Grecia", "Greece"), "GT": ("Guatemala", "Guatemala"),
    "HN": ("Honduras", "Honduras"), "HR": ("Croacia", "Croatia"), "HU": ("Hungría", "Hungary"),
    "IE": ("Irlanda", "Ireland"), "IS": ("Islandia", "Iceland"), "IT": ("Italia", "Italy"),
    "JM": ("Jamaica", "Jamaica"), "LT": ("Lituania", "Lithuania"), "LU": ("Luxemburgo", "Luxembourg"),
    "LV": ("Letonia", "Latvia"), "MX": ("México", "Mexico"), "NI": ("Nicaragua", "Nicaragua"),
    "NL": ("Países Bajos", "Netherlands"), "NO": ("Noruega", "Norway"), "NZ": ("Nueva Zelanda", "New Zealand"),
    "PA": ("Panamá", "Panama"), "PE": ("Perú", "Peru"), "PL": ("Polonia", "Poland"),
    "PR": ("Puerto Rico", "Puerto Rico"), "PT": ("Portugal", "Portugal"), "PY": ("Paraguay", "Paraguay"),
    "RO": ("Rumanía", "Romania"), "SE": ("Suecia", "Sweden"), "SI": ("Eslovenia", "Slovenia"),
    "SK": ("Eslovaquia", "Slovakia"), "SV": ("El Salvador", "El Salvador"),
    "TT": ("Trinidad y Tobago", "Trinidad and Tobago"), "US": ("Estados Unidos", "United States"),
    "UY": ("Uruguay", "Uruguay"), "VE": ("Venezuela", "Venezuela"), "ZA": ("Sudáfrica", "South Africa"),
}

COUNTRIES = MappingProxyType({code: Term(code, es, en) for code, (es, en) in sorted(_NAMES.items())})


def country_label(code: str, lang: str = "es") -> str:
    """The country's name in ``lang``; the code itself for a valid code without a stored name."""
    term = COUNTRIES.get(code)
    return term.label(lang) if term else code
