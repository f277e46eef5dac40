"""Seed the crime category tree and the publishers' label mappings (editable afterwards).

The tree follows data.police.uk's current 14 categories, grouped where an older era or the
MPS files only give the sum: "Theft" holds bicycle theft, shoplifting, theft from the person
and other theft (data.police.uk's "Other theft" before May 2013 included the first and
third); "Public order and weapons" holds both (data.police.uk's "Public disorder and
weapons", September 2011 to April 2013). A parent's figure is the sum over its descendants
plus anything mapped to the parent itself, so a summary at the parent level is comparable
across eras. data.police.uk's "Other crime" before September 2011 (the six-category era)
also held criminal damage, drugs, theft and public order, so it has its own category rather
than inflating "Other crime".

The data is written out here (not imported from app code) so that the migration means the
same thing forever.
"""

import datetime as dt

from django.db import migrations

# slug, name, parent slug, description
CATEGORIES = [
    ("anti-social-behaviour", "Anti-social behaviour", None, "Incidents, not crimes (data.police.uk only)."),
    ("burglary", "Burglary", None, ""),
    ("residential-burglary", "Residential burglary", "burglary", "Burglary in a dwelling; from April 2017 'residential burglary', which includes sheds and garages in the curtilage."),
    ("business-community-burglary", "Business and community burglary", "burglary", "Burglary in a building other than a dwelling."),
    ("criminal-damage-arson", "Criminal damage and arson", None, ""),
    ("criminal-damage", "Criminal damage", "criminal-damage-arson", ""),
    ("arson", "Arson", "criminal-damage-arson", ""),
    ("drugs", "Drugs", None, ""),
    ("drug-trafficking", "Drug trafficking", "drugs", ""),
    ("drug-possession", "Possession of drugs", "drugs", ""),
    ("fraud-forgery", "Fraud and forgery", None, "MPS files only; data.police.uk does not publish fraud."),
    ("nfib-fraud", "NFIB fraud", None, "Fraud recorded by the National Fraud Intelligence Bureau (Action Fraud), in MPS files from 2025; kept apart so it does not inflate police-recorded fraud."),
    ("other-crime", "Other crime", None, ""),
    ("other-crime-six-category-era", "Other crime (six-category era, to August 2011)", None, "data.police.uk's 'Other crime' before September 2011, which also held criminal damage, drugs, theft, shoplifting and public order offences."),
    ("public-order-weapons", "Public order and weapons", None, ""),
    ("public-order", "Public order", "public-order-weapons", ""),
    ("possession-of-weapons", "Possession of weapons", "public-order-weapons", ""),
    ("robbery", "Robbery", None, ""),
    ("theft", "Theft", None, ""),
    ("bicycle-theft", "Bicycle theft", "theft", ""),
    ("shoplifting", "Shoplifting", "theft", ""),
    ("theft-from-the-person", "Theft from the person", "theft", ""),
    ("other-theft", "Other theft", "theft", ""),
    ("vehicle-crime", "Vehicle crime", None, ""),
    ("violence-sexual-offences", "Violence and sexual offences", None, ""),
    ("violence-against-the-person", "Violence against the person", "violence-sexual-offences", ""),
    ("violence-with-injury", "Violence with injury", "violence-against-the-person", ""),
    ("violence-without-injury", "Violence without injury", "violence-against-the-person", ""),
    ("stalking-harassment", "Stalking and harassment", "violence-against-the-person", ""),
    ("homicide", "Homicide", "violence-against-the-person", ""),
    ("sexual-offences", "Sexual offences", "violence-sexual-offences", ""),
]

SIX_TO_ELEVEN = dt.date(2011, 9, 1)  # data.police.uk: 6 categories to August 2011, then 11
LAST_OF_SIX = dt.date(2011, 8, 1)
ELEVEN_TO_FOURTEEN = dt.date(2013, 5, 1)  # then the current 14 from May 2013
LAST_OF_ELEVEN = dt.date(2013, 4, 1)

# data.police.uk street CSV "Crime type": label, category slug, valid_from, valid_to, note
POLICE_UK = [
    ("Anti-social behaviour", "anti-social-behaviour", None, None, ""),
    ("Bicycle theft", "bicycle-theft", None, None, "From May 2013."),
    ("Burglary", "burglary", None, None, ""),
    ("Criminal damage and arson", "criminal-damage-arson", None, None, "From September 2011."),
    ("Drugs", "drugs", None, None, "From September 2011."),
    ("Other crime", "other-crime-six-category-era", None, LAST_OF_SIX, "Six-category era: also criminal damage, drugs, theft, public order."),
    ("Other crime", "other-crime", SIX_TO_ELEVEN, None, ""),
    ("Other theft", "theft", None, LAST_OF_ELEVEN, "Before May 2013 it included bicycle theft and theft from the person."),
    ("Other theft", "other-theft", ELEVEN_TO_FOURTEEN, None, ""),
    ("Possession of weapons", "possession-of-weapons", None, None, "From May 2013."),
    ("Public disorder and weapons", "public-order-weapons", None, None, "September 2011 to April 2013."),
    ("Public order", "public-order", None, None, "From May 2013."),
    ("Robbery", "robbery", None, None, ""),
    ("Shoplifting", "shoplifting", None, None, "From September 2011."),
    ("Theft from the person", "theft-from-the-person", None, None, "From May 2013."),
    ("Vehicle crime", "vehicle-crime", None, None, ""),
    ("Violence and sexual offences", "violence-sexual-offences", None, None, "From May 2013."),
    ("Violent crime", "violence-sexual-offences", None, None, "To April 2013; included sexual offences."),
]

# data.police.uk API category ids (the `category` of a crimes-street response)
POLICE_UK_API = [
    ("anti-social-behaviour", "anti-social-behaviour", None, None, ""),
    ("bicycle-theft", "bicycle-theft", None, None, ""),
    ("burglary", "burglary", None, None, ""),
    ("criminal-damage-arson", "criminal-damage-arson", None, None, ""),
    ("drugs", "drugs", None, None, ""),
    ("other-crime", "other-crime-six-category-era", None, LAST_OF_SIX, ""),
    ("other-crime", "other-crime", SIX_TO_ELEVEN, None, ""),
    ("other-theft", "theft", None, LAST_OF_ELEVEN, ""),
    ("other-theft", "other-theft", ELEVEN_TO_FOURTEEN, None, ""),
    ("possession-of-weapons", "possession-of-weapons", None, None, ""),
    ("public-disorder-weapons", "public-order-weapons", None, None, ""),
    ("public-order", "public-order", None, None, ""),
    ("robbery", "robbery", None, None, ""),
    ("shoplifting", "shoplifting", None, None, ""),
    ("theft-from-the-person", "theft-from-the-person", None, None, ""),
    ("vehicle-crime", "vehicle-crime", None, None, ""),
    ("violent-crime", "violence-sexual-offences", None, None, "The API's id for 'Violence and sexual offences'."),
    ("violence-and-sexual-offences", "violence-sexual-offences", None, None, ""),
]

# MPS (London Datastore) major category, minor category ("" = any other minor), category slug
MPS = [
    ("Burglary", "", "burglary"),
    ("Burglary", "Burglary - Residential", "residential-burglary"),
    ("Burglary", "Domestic Burglary", "residential-burglary"),
    ("Burglary", "Burglary in a Dwelling", "residential-burglary"),
    ("Burglary", "Res Burglary of a Home", "residential-burglary"),
    ("Burglary", "Res Burglary of Unconnected Building", "residential-burglary"),
    ("Burglary", "Burglary - Business and Community", "business-community-burglary"),
    ("Burglary", "Burglary Business and Community", "business-community-burglary"),
    ("Burglary", "Burglary in Other Buildings", "business-community-burglary"),
    ("Burglary", "Burglary Non-Dwelling", "business-community-burglary"),
    ("Criminal Damage", "", "criminal-damage"),
    ("Criminal Damage", "Arson", "arson"),
    ("Arson and Criminal Damage", "", "criminal-damage-arson"),
    ("Arson and Criminal Damage", "Arson", "arson"),
    ("Arson and Criminal Damage", "Criminal Damage", "criminal-damage"),
    ("Drugs", "", "drugs"),
    ("Drugs", "Drug Trafficking", "drug-trafficking"),
    ("Drugs", "Possession of Drugs", "drug-possession"),
    ("Drug Offences", "", "drugs"),
    ("Drug Offences", "Drug Trafficking", "drug-trafficking"),
    ("Drug Offences", "Trafficking of Drugs", "drug-trafficking"),
    ("Drug Offences", "Possession of Drugs", "drug-possession"),
    ("Fraud or Forgery", "", "fraud-forgery"),
    ("Fraud and Forgery", "", "fraud-forgery"),
    ("Historical Fraud and Forgery", "", "fraud-forgery"),
    ("NFIB Fraud", "", "nfib-fraud"),
    ("Miscellaneous Crimes Against Society", "", "other-crime"),
    ("Other Notifiable Offences", "", "other-crime"),
    ("Possession of Weapons", "", "possession-of-weapons"),
    ("Public Order Offences", "", "public-order"),
    ("Robbery", "", "robbery"),
    ("Sexual Offences", "", "sexual-offences"),
    ("Theft", "", "theft"),
    ("Theft", "Bicycle Theft", "bicycle-theft"),
    ("Theft", "Shoplifting", "shoplifting"),
    ("Theft", "Theft from Person", "theft-from-the-person"),
    ("Theft", "Theft from the Person", "theft-from-the-person"),
    ("Theft", "Other Theft", "other-theft"),
    ("Theft and Handling", "", "theft"),
    ("Theft and Handling", "Theft From Shops", "shoplifting"),
    ("Theft and Handling", "Theft Person", "theft-from-the-person"),
    ("Theft and Handling", "Other Theft Person", "theft-from-the-person"),
    ("Theft and Handling", "Theft/Taking of Pedal Cycle", "bicycle-theft"),
    ("Theft and Handling", "Theft/Taking of Pedal Cycles", "bicycle-theft"),
    ("Theft and Handling", "Other Theft", "other-theft"),
    ("Theft and Handling", "Handling Stolen Goods", "other-crime"),
    ("Theft and Handling", "Theft From M/V", "vehicle-crime"),
    ("Theft and Handling", "Theft From Motor Vehicle", "vehicle-crime"),
    ("Theft and Handling", "Theft/Taking of M/V", "vehicle-crime"),
    ("Theft and Handling", "Theft/Taking Of Motor Vehicle", "vehicle-crime"),
    ("Theft and Handling", "M/V Interference & Tampering", "vehicle-crime"),
    ("Theft and Handling", "Motor Vehicle Interference & Tampering", "vehicle-crime"),
    ("Vehicle Offences", "", "vehicle-crime"),
    ("Violence Against the Person", "", "violence-against-the-person"),
    ("Violence Against the Person", "Violence with Injury", "violence-with-injury"),
    ("Violence Against the Person", "Assault with Injury", "violence-with-injury"),
    ("Violence Against the Person", "Wounding/GBH", "violence-with-injury"),
    ("Violence Against the Person", "Grievous Bodily Harm", "violence-with-injury"),
    ("Violence Against the Person", "Death Serious Injury Illegal Driving", "violence-with-injury"),
    ("Violence Against the Person", "Violence without Injury", "violence-without-injury"),
    ("Violence Against the Person", "Common Assault", "violence-without-injury"),
    ("Violence Against the Person", "Other Violence", "violence-without-injury"),
    ("Violence Against the Person", "Harassment", "stalking-harassment"),
    ("Violence Against the Person", "Stalking and Harassment", "stalking-harassment"),
    ("Violence Against the Person", "Homicide", "homicide"),
    ("Violence Against the Person", "Murder", "homicide"),
    ("Violence Against the Person", "Offensive Weapon", "possession-of-weapons"),
]


def _model(apps, name):
    """The historical model; or, when the browser tests call ``seed`` with the live registry
    to restore what a flush removed, the model where it lives now (``police``, since
    ``police.0001_initial``)."""
    try:
        return apps.get_model("performance", name)
    except LookupError:
        return apps.get_model("police", name)


def seed(apps, schema_editor):
    CrimeCategory = _model(apps, "CrimeCategory")
    CategoryMapping = _model(apps, "CategoryMapping")
    by_slug = {}
    for order, (slug, name, parent, description) in enumerate(CATEGORIES, start=1):
        by_slug[slug] = CrimeCategory.objects.create(
            slug=slug,
            name=name,
            parent=by_slug[parent] if parent else None,
            description=description,
            sort_order=order * 10,
        )
    rows = []
    for source, table in (("police.uk", POLICE_UK), ("police.uk-api", POLICE_UK_API)):
        for label, slug, valid_from, valid_to, note in table:
            rows.append(
                CategoryMapping(
                    source=source,
                    source_label=label,
                    category=by_slug[slug],
                    valid_from=valid_from,
                    valid_to=valid_to,
                    note=note,
                )
            )
    for major, minor, slug in MPS:
        rows.append(
            CategoryMapping(
                source="mps", source_label=major, source_sublabel=minor, category=by_slug[slug]
            )
        )
    CategoryMapping.objects.bulk_create(rows)


def unseed(apps, schema_editor):
    apps.get_model("performance", "CategoryMapping").objects.all().delete()
    CrimeCategory = apps.get_model("performance", "CrimeCategory")
    # children first (parents are protected)
    while CrimeCategory.objects.exists():
        CrimeCategory.objects.filter(children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
