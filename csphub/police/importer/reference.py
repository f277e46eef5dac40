"""Reference data the files themselves do not carry: GSS codes of local authorities named in
police files (the MPS files and data.police.uk LSOA names give the name, not the code).

Only authorities whose codes are certain are listed (checked against the ONS small area
population estimates' LAD11CD/LAD11NM for London). An authority not listed gets a stable
synthetic code (``name:<slug>``) until a file that carries its code (an ONS population file)
is imported; see docs/decisions/0007-police-data-import.md.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

LONDON_BOROUGHS: dict[str, str] = {
    "E09000001": "City of London",
    "E09000002": "Barking and Dagenham",
    "E09000003": "Barnet",
    "E09000004": "Bexley",
    "E09000005": "Brent",
    "E09000006": "Bromley",
    "E09000007": "Camden",
    "E09000008": "Croydon",
    "E09000009": "Ealing",
    "E09000010": "Enfield",
    "E09000011": "Greenwich",
    "E09000012": "Hackney",
    "E09000013": "Hammersmith and Fulham",
    "E09000014": "Haringey",
    "E09000015": "Harrow",
    "E09000016": "Havering",
    "E09000017": "Hillingdon",
    "E09000018": "Hounslow",
    "E09000019": "Islington",
    "E09000020": "Kensington and Chelsea",
    "E09000021": "Kingston upon Thames",
    "E09000022": "Lambeth",
    "E09000023": "Lewisham",
    "E09000024": "Merton",
    "E09000025": "Newham",
    "E09000026": "Redbridge",
    "E09000027": "Richmond upon Thames",
    "E09000028": "Southwark",
    "E09000029": "Sutton",
    "E09000030": "Tower Hamlets",
    "E09000031": "Waltham Forest",
    "E09000032": "Wandsworth",
    "E09000033": "Westminster",
}

LINCOLNSHIRE_DISTRICTS: dict[str, str] = {
    "E07000136": "Boston",
    "E07000137": "East Lindsey",
    "E07000138": "Lincoln",
    "E07000139": "North Kesteven",
    "E07000140": "South Holland",
    "E07000141": "South Kesteven",
    "E07000142": "West Lindsey",
}

KNOWN_AUTHORITIES: dict[str, str] = {**LONDON_BOROUGHS, **LINCOLNSHIRE_DISTRICTS}


def name_key(name: str) -> str:
    """Compare names ignoring case, '&' for 'and', punctuation and repeated spaces."""
    text = name.replace("&", " and ").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_CODE_BY_NAME = {name_key(name): code for code, name in KNOWN_AUTHORITIES.items()}

MPS_FORCE = ("metropolitan", "Metropolitan Police Service")
"""The force area of the MPS London Datastore files (the data.police.uk force id and name)."""

NOT_A_BOROUGH = {
    name_key(n)
    for n in (
        "Unknown",
        "Aviation Security (SO18)",
        "Aviation Security",
        "Heathrow",
        "London Heathrow and London City Airports",
        "Met Police",
        "Metropolitan Police Service",
    )
}
"""MPS "boroughs" that are not local authorities: counted at force level only."""

GSS_RE = re.compile(r"[EWSN]\d{8}")


def authority_code(name: str) -> str | None:
    """The GSS code of a local authority named ``name``, if it is one this module knows."""
    return _CODE_BY_NAME.get(name_key(name))


def authority_name(code: str) -> str | None:
    return KNOWN_AUTHORITIES.get(code)


def synthetic_code(name: str) -> str:
    """A stable code for an authority whose GSS code no file gave: ``name:lincoln``."""
    return f"name:{slugify(name_key(name))}"


def is_gss(code: str) -> bool:
    return bool(GSS_RE.fullmatch(code or ""))


_FORCE_SUFFIXES = ("-police-service", "-police", "-constabulary")


def force_id(name: str) -> str:
    """data.police.uk's force id from a force name: 'Lincolnshire Police' -> 'lincolnshire'."""
    slug = slugify(name)
    for suffix in _FORCE_SUFFIXES:
        if slug.endswith(suffix) and len(slug) > len(suffix):
            return slug[: -len(suffix)]
    return slug
