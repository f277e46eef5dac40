"""The Bromley Community Safety Partnership Strategy 2020-2023 for the demo (seed 003).

The facts (four priorities, what each will tackle, the quarter of each priority's
substantive discussion at the Board, how progress is watched, the 2019 resident survey and
the supporting strategies) are the strategy's; the wording is ours, kept short. Everything
is written here, so the demo needs nothing from ``../shared`` at run time, and loaded through
the strategy services like any secretariat's edits.
"""

from __future__ import annotations

import datetime as dt
import re

from csphub.partnerships.models import Body, Partnership
from csphub.performance.models import Indicator
from csphub.strategy.models import Strategy
from csphub.strategy.services import strategies as services

from .values import ACTOR

PARTNERSHIP = "safer-bromley"
PERIOD = "2020-2023"
TITLE = "Bromley Community Safety Partnership Strategy 2020-2023"

INTRODUCTION = (
    "This strategy brings the Community Plan and the Crime Reduction Strategy together in one "
    "document. Its overall aim is for Bromley to remain one of the safest boroughs in London. "
    "The Safer Bromley Partnership Board owns it; delivery is reviewed every year against the "
    "annual strategic assessment and local trends.\n\n"
    "The priorities were chosen from the borough priorities MOPAC set in the Policing and "
    "Crime Plan 2017-21, a strategic assessment of crime data, the 2019 residents' survey, "
    "where joint work has most effect, and the harm each crime does to its victims. Since "
    "2017 Bromley, Sutton and Croydon form the Metropolitan Police's South Basic Command "
    "Unit, so cross-border problems are tackled through shared intelligence."
)

# Each priority: number, title, aim, the quarter of its substantive Board discussion, how
# progress is watched, the commitments ("what we will tackle"), the words that find its
# lead sub-group among the demo bodies, and the words that find its indicators.
PRIORITIES: list[dict] = [
    {
        "title": "Safer neighbourhoods",
        "aim": (
            "Reduce the crimes that MOPAC, the police and residents see as local priorities: "
            "non-domestic violence with injury, residential burglary, crime against elderly "
            "and vulnerable people (financial abuse), and anti-social behaviour; and raise "
            "residents' confidence."
        ),
        "quarter": 1,
        "how_we_know": (
            "The Board's substantive discussion item in quarter 1; a police crime update at "
            "every Board and partners' end-of-year update in quarter 4.\n"
            "The Metropolitan Police crime dashboard (monthly), with Community Safety at the "
            "monthly Tactical Tasking Coordination Group.\n"
            "MOPAC's performance framework and its monthly high-harm crime updates.\n"
            "A quarterly police update to the Public Protection and Enforcement Policy "
            "Development and Scrutiny Committee."
        ),
        "commitments": [
            "Non-domestic violence with injury: a police-led tasking group, working on "
            "intelligence with partners against violent crime, serious youth and gang "
            "violence and hate crime.",
            "Residential burglary: a police-led tasking group for burglary and theft of and "
            "from motor vehicles in the hotspots.",
            "Crime against elderly and vulnerable residents: protect them from scams and "
            "doorstep crime with every partner involved.",
            "Anti-social behaviour: manage high-volume and problem areas, fly-tipping included.",
            "Better engagement with partners and residents, and Community Impact days twelve "
            "times a year in anti-social behaviour hotspots.",
            "An intelligence-led approach through the tasking groups, a local intelligence "
            "package and dedicated police teams for priority crimes.",
            "Use of the powers in law (dispersal orders, community protection warnings and "
            "notices, public space protection orders), balanced with support.",
            "Reducing violence through the Violence Reduction Action Plan, the Gang Violence "
            "Matrix, the VAWG strategy and the Youth Justice Strategy.",
            "Public space CCTV aimed by intelligence, with new deployable cameras.",
            "Targeted campaigns and enforcement against financial abuse of elderly or "
            "vulnerable people.",
        ],
        "lead": [],
        "indicators": ["burglary", "violence with injury", "anti-social", "motor vehicle"],
    },
    {
        "title": "Violence Against Women and Girls",
        "aim": (
            "Reduce violence against women and girls, change the culture that allows it and "
            "empower them to take control: better protect women and girls, improve support "
            "for those affected, and target offenders."
        ),
        "quarter": 2,
        "how_we_know": (
            "The Board's substantive discussion item in quarter 2, with updates from VAWG "
            "services, the police and partners; partners' end-of-year update in quarter 4.\n"
            "The Domestic Violence and VAWG sub-group monitors and scrutinises partner "
            "agencies' delivery and reports exceptions to the Board.\n"
            "The VAWG Strategy and the Domestic Homicide Review protocol updated by August 2020."
        ),
        "commitments": [
            "Prevention: change attitudes through campaigns, safeguarding and educating "
            "children, early identification, intervention and training.",
            "Provision: effective services, advice and support that help survivors move on.",
            "Partnership: a coordinated multi-agency response to domestic abuse.",
            "Protection: effective prosecution, support for victims and perpetrator programmes.",
            "Strategic direction: refresh the VAWG strategy 2016-2019 and update the Domestic "
            "Homicide Review protocol.",
            "Communication: a plan to raise awareness of VAWG services and tackle "
            "under-reporting, with health and the third sector.",
            "Intelligence: collect data beyond police figures to map the prevalence of VAWG.",
            "High-risk victims: a robust MARAC, learning from Domestic Homicide Reviews, and "
            "services that know of the One Stop Shop, outreach and DVIP.",
            "Legislation: hold perpetrators to account and help them change.",
            "Work with Children's Social Care and early intervention teams in schools, youth "
            "and community settings.",
        ],
        "lead": ["violence against women", "vawg", "domestic"],
        "indicators": ["domestic", "vawg", "sexual", "violence against women"],
    },
    {
        "title": "Keeping young people safe",
        "aim": (
            "Improve outcomes and life chances for children and young people in contact with "
            "the youth justice system or at risk of crime and anti-social behaviour: fewer "
            "first-time entrants and less re-offending, fewer knife crimes (by volume and "
            "repeat victims) and less serious youth violence, and less substance misuse."
        ),
        "quarter": 3,
        "how_we_know": (
            "The Board's substantive discussion item in quarter 3; partners' end-of-year "
            "update in quarter 4.\n"
            "First-time entrants and re-offending through national KPIs, reported quarterly "
            "to the Youth Offending Service Board, with an in-depth analysis by the service.\n"
            "Serious youth violence and repeat victims through MOPAC's Weapon Enabled Crime "
            "dashboard and local data; weapons crime through MOPAC's performance framework.\n"
            "Community Safety at the YOS Board, MEGA and Multi Agency Child Criminal "
            "Exploitation meetings; victims tracked over time in local data."
        ),
        "commitments": [
            "Fewer first-time entrants and less re-offending: the prevention support "
            "programme, support for parents, and close work with probation.",
            "Fewer knife crimes and less serious youth violence: divert and disrupt those at "
            "risk of serious violence and gang involvement.",
            "Enforcement against businesses that sell age-restricted products to young people.",
            "An in-house Prevention Support Programme with Children's Social Care, a serious "
            "youth violence toolkit, and the Youth Justice Strategy 2019-21 and Serious Youth "
            "Violence strategy 2018 actions.",
            "Disrupt gangs: weekly MEGA meetings, gang awareness training, help to exit gangs, "
            "and gang injunctions where needed.",
            "Knife crime, serious youth violence, child exploitation and anti-social "
            "behaviour: the knife crime intervention programme, Merlin reports, partnership "
            "taskings and early intervention with schools.",
            "Test purchasing with Trading Standards, Licensing and the police (alcohol, "
            "cigarettes, knives, gambling).",
        ],
        "lead": ["youth", "gangs"],
        "indicators": ["first time entrant", "first-time entrant", "knife", "youth", "weapon"],
    },
    {
        "title": "Stand together against hate crime and extremism",
        "aim": "Improve the reporting of hate crime and reduce repeat victimisation.",
        "quarter": 4,
        "how_we_know": (
            "The Board's substantive discussion item in quarter 4; partners update every "
            "Board and give an end-of-year update.\n"
            "The Metropolitan Police Hate Crime and Special Crime dashboard (published "
            "monthly per borough) for reported victims, and MOPAC's Hate Crime dashboard.\n"
            "Early identification of hate crime and extremism through referrals.\n"
            "Rapid-response calls to the scam hotline and their outcomes."
        ),
        "commitments": [
            "Reduce hate crime and repeat victimisation.",
            "Raise awareness of the issues and gain community support.",
            "Understand the risks of, and the journey to, radicalisation and extremism.",
            "Treat targeted financial abuse of elderly or vulnerable people as akin to hate "
            "crime, with a 2-hour rapid response for victims of doorstep crime and scams.",
            "Ongoing analysis of hate crime levels to spot increases and trends early.",
            "Work with Safer Neighbourhood policing and community and faith groups: talks, "
            "events and training on spotting financial abuse.",
            "Community tension assessments when needed, and encourage reporting.",
            "Fulfil the Channel and Prevent duties.",
            "Support victims, and explore restorative justice.",
        ],
        "lead": ["hate crime", "extremism"],
        "indicators": ["hate"],
    },
]

SURVEY_SOURCE = "Community Safety Team residents' survey"
SURVEY: list[tuple[str, int, str]] = [
    ("Burglary is a serious problem", 2019, "82"),
    ("Criminal damage is a serious problem", 2019, "53"),
    ("Drug use is a serious problem", 2019, "43"),
    ("Fraud is a serious problem", 2019, "61"),
    ("Gangs are a serious problem", 2019, "47"),
    ("Hate crime is a serious problem", 2019, "21"),
    ("Knife crime is a serious problem", 2019, "42"),
    ("Motor vehicle theft is a serious problem", 2019, "82"),
    ("Feel safe in their local area during the day", 2019, "88"),
    ("Feel safe alone in their area", 2019, "54"),
    ("Feel safe on public transport", 2019, "72"),
]

SUPPORTING: list[tuple[str, str]] = [
    ("Building a Better Bromley", "London Borough of Bromley"),
    ("Children and Young People's Plan", "London Borough of Bromley"),
    ("Police and Crime Plan", "MOPAC"),
    ("Homelessness Strategy", "London Borough of Bromley"),
    ("Child Sexual Exploitation Protocol", "Bromley Safeguarding Children Partnership"),
    ("Public Protection and Enforcement Portfolio Plan", "London Borough of Bromley"),
    ("Violence Against Women and Girls Strategy", "Safer Bromley Partnership"),
    ("Youth Justice Strategy", "Youth Offending Service"),
    ("Serious Youth Violence Strategy", "Safer Bromley Partnership"),
    ("Violence Reduction Action Plan", "Safer Bromley Partnership"),
    ("Bromley Safeguarding Adults Board Strategy", "Bromley Safeguarding Adults Board"),
]


def _matching(names: dict[str, object], words: list[str]) -> list:
    found = []
    for name, obj in names.items():
        folded = re.sub(r"\s+", " ", name.casefold())
        if any(w in folded for w in words) and obj not in found:
            found.append(obj)
    return found


def load_strategy(partnership: Partnership) -> Strategy | None:
    """Load the strategy for demo Bromley (None for any other partnership, or if loaded)."""
    if partnership.slug != PARTNERSHIP:
        return None
    if Strategy.objects.filter(partnership=partnership, period=PERIOD).exists():
        return None
    strategy = services.strategy_create(
        actor=ACTOR,
        partnership=partnership,
        period=PERIOD,
        title=TITLE,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2023, 3, 31),
        introduction=INTRODUCTION,
    )
    bodies = {b.name: b for b in Body.objects.filter(partnership=partnership).exclude(kind="board")}
    indicators = {i.name: i for i in Indicator.objects.filter(partnership=partnership)}
    for row in PRIORITIES:
        leads = _matching(bodies, row["lead"]) if row["lead"] else []
        priority = services.priority_add(
            actor=ACTOR,
            strategy=strategy,
            title=row["title"],
            aim=row["aim"],
            lead_body=leads[0] if leads else None,
            discussion_quarter=row["quarter"],
            how_we_know=row["how_we_know"],
        )
        for text in row["commitments"]:
            services.commitment_add(actor=ACTOR, priority=priority, text=text)
        linked = _matching(indicators, row["indicators"])
        if linked:
            services.priority_indicators_set(actor=ACTOR, priority=priority, indicators=linked)
    for title, owner in SUPPORTING:
        services.supporting_document_add(actor=ACTOR, strategy=strategy, title=title, owner=owner)
    for question, year, percentage in SURVEY:
        services.survey_result_add(
            actor=ACTOR,
            strategy=strategy,
            question=question,
            year=year,
            percentage=percentage,
            source=SURVEY_SOURCE,
        )
    return services.strategy_make_current(actor=ACTOR, strategy=strategy)
