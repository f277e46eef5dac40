# ruff: noqa: E501  (a data module: one printed plan row per line reads better unwrapped)
"""Barking and Dagenham's sub-group delivery plans for 2017/18, from the CSP's agenda pack of
12 September 2017 (seed 004, item 5 and its appendices): Children & Young People, Managing
Offenders, Hate Crime, Intolerance and Extremism, and Violence Against Women and Girls.

Each plan's actions, outcomes, due dates, leads and quarterly updates follow the seed; the
wording is condensed. The sub-groups themselves and their terms of reference come with the
partnership's fixture; the priorities each sub-group reported to the board head its plan
as key targets. Everything is written through the services (`strategy.services`,
`actions.services`), as a secretariat would enter it, and nothing here reads ../shared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from csphub.actions.models import Action
from csphub.actions.services import action_update_record
from csphub.partnerships import services as ps
from csphub.partnerships.models import Body, Organisation, Partnership, Person
from csphub.strategy.models import DeliveryPlan
from csphub.strategy.services import delivery_plans as plans

from .values import ACTOR, aware

SLUG = "barking-dagenham"
YEAR = 2017

# People the plans name who are not in the partnership's fixture: slug -> name.
NEW_PEOPLE = {
    "robert-harris": "Robert Harris",
    "mary-osho": "Mary Osho",
    "tolu-williams": "Tolu Williams",
    "brian-smith": "Brian Smith",
    "sharon-white": "Sharon White",
    "linda-helliar": "Linda Helliar",
    "pip-salvador-jones": "Pip Salvador-Jones",
    "gurgit-sahota": "Gurgit Sahota",
    "phillipa-banister": "Phillipa Banister",
    "sharon-harrington": "Sharon Harrington",
    "sasha-timmermans": "Sasha Timmermans",
    "nita-bocking": "Nita Bocking",
    "mary-mobbs-beal": "Mary Mobbs-Beal",
    "vikki-rix": "Vikki Rix",
    "ronan-mcmanus": "Ronan McManus",
    "natasha-chopra": "Natasha Chopra",
    "terrie-handley": "Terrie Handley",
    "james-goddard": "James Goddard",
    "akin-otitoju": "Akin Otitoju",
    "damien-cole": "Damien Cole",
    "ann-graham": "Ann Graham",
    "ann-kavanagh": "Ann Kavanagh",
    "susan-cade": "Susan Cade",
    "tony-morgan": "Tony Morgan",
}

# Organisations by the keys used below: name (the fixture's, or a new one).
ORGS = {
    "lbbd": "London Borough of Barking and Dagenham",
    "police": "Metropolitan Police Service",
    "nps": "National Probation Service",
    "crc": "Community Rehabilitation Company",
    "ccg": "Barking and Dagenham Clinical Commissioning Group",
    "wdp": "WDP",
    "victim-support": "Barking and Dagenham Victim Support",
    "citizens-advice": "Citizens Advice Barking and Dagenham",
    "bdcvs": "Barking and Dagenham Council for Voluntary Service",
    "sab": "Safeguarding Adults Board",
}


@dataclass
class A:
    """One action of a plan as the seed prints it."""

    ref: str
    description: str
    outcome: str
    due: dt.date | None = None
    due_note: str = ""
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    lead_note: str = ""
    update: str = ""  # the quarterly update the seed prints, if any
    others: str = ""


@dataclass
class P:
    body: str
    title: str
    created: dt.date
    key_targets: list[str]
    objectives: list[tuple[str, list[A]]]
    updated: dt.date | None = None  # the date of the printed updates


def _end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


ONGOING = "Ongoing"
STANDING = "Standing item at HIE meetings"

CYP = P(
    body="children-young-people",
    title="Children and Young People 12 Month Plan 2017/18",
    created=dt.date(2017, 8, 1),
    key_targets=[
        "Reduce the number of first time entrants into the criminal justice system",
        "Reduce the number of knife crimes, by volume and numbers of repeat victims",
        "Reduce the levels of serious youth violence, by volume and repeat victims",
        "Encourage more victims of child sexual exploitation to come forward and report",
    ],
    objectives=[
        (
            "Keep children and young people safe and away from offending",
            [
                A(
                    "1",
                    "Develop a youth matrix that identifies, at an earlier age, young people on the edge of criminal activity.",
                    "Young people identified and diverted at a lower level, so fewer enter the criminal justice system.",
                    _end(2017, 12),
                    people=["robert-harris"],
                    lead_note="YOS Operational Manager",
                ),
                A(
                    "2",
                    "Recruit two support workers to give ongoing support and intervention, mainly to young people in Years 6 and 7, to divert them from criminal activity.",
                    "Young people get an intervention earlier in life and do not enter the criminal justice system.\nYoung victims of crime involved in group activity do not become perpetrators.",
                    _end(2017, 12),
                    "Ongoing quarterly updates",
                    ["robert-harris"],
                    lead_note="YOS Operational Manager",
                ),
                A(
                    "3",
                    "Keep monitoring first time entrants to identify themes and trends that inform future services.",
                    "The group knows which young people are entering the youth justice system and can target any areas this shows.",
                    None,
                    "Quarterly performance reports",
                    ["mary-osho"],
                    lead_note="YOS Performance Officer",
                ),
                A(
                    "4",
                    "Offer good diversionary projects that engage young people in a range of activities.",
                    "Good quality diversionary services are commissioned for young people on the edge of offending.\nEngagement in these projects stays high.",
                    None,
                    ONGOING,
                    ["angie-fuller"],
                    lead_note="YOS Manager",
                    others="Commissioned services: Box Up Crime (Steve Addison), Spark 2 Life (Dez Brown), Studio 3 Arts (Liza Vallance)",
                ),
                A(
                    "5",
                    "Hold mapping events that build understanding of the links and networks between young people that shape the nature and seriousness of their offending.",
                    "Agencies share information to understand and manage the connections and risks between young people, especially identified groups.",
                    None,
                    "Twice yearly",
                    ["angie-fuller"],
                    lead_note="YOS Manager",
                ),
                A(
                    "6",
                    "Develop the multi-agency Serious Youth Violence group so that those involved in serious group violence are targeted and managed effectively.",
                    "The borough knows its most risky individuals and has multi-agency plans to manage the risk.\nThe group feeds the tri-borough gangs tactical meeting.\nBetter understanding of links between individuals and groups informs services.",
                    None,
                    ONGOING,
                    ["angie-fuller"],
                    lead_note="YOS Manager and Chair of the Serious Youth Violence Group",
                ),
                A(
                    "7",
                    "Work early with victims and offenders, through victim impact work, to reduce further victimisation or offending.",
                    "Young people at triage and out of court disposal understand the impact of offending on victims and communities.\nYoung victims of crime do not become perpetrators.",
                    None,
                    ONGOING,
                    ["tolu-williams"],
                    lead_note="YOS Victim Worker",
                ),
                A(
                    "8",
                    "Develop a monitoring system to track and identify knife related offences.",
                    "Repeat victims and perpetrators identified and offered services.\nThe system informs targeted police operations.\nFewer knife crimes and repeat victims.",
                    _end(2018, 3),
                    people=["mary-osho", "brian-smith"],
                    lead_note="YOS Performance Officer; Police Sergeant",
                ),
                A(
                    "9",
                    "Offer intervention to young people identified as victims or perpetrators of knife offences, through the monitoring system or self-reporting.",
                    "Young people less likely to become repeat victims of knife offences.\nVictims of knife offences less likely to become perpetrators.",
                    None,
                    "Quarterly updates",
                    ["robert-harris"],
                    lead_note="YOS Operational Manager",
                ),
                A(
                    "10",
                    "Raise awareness of knife crime and its impact with young people early, through schools.",
                    "With families affected by knife crime, a programme for schools on the impact of knife crime on children, young people and families.",
                    _end(2018, 1),
                    people=["angie-fuller", "sharon-white", "katherine-gilcreest"],
                    lead_note="YOS Manager; Social Inclusion Manager; Community Solutions Lifecycle Lead",
                ),
                A(
                    "11",
                    "Make sure referrals where child sexual exploitation is a factor are identified early; staff working with young people attend regular and multi-agency training.",
                    "Staff more confident identifying and responding to disclosures of CSE.\nHigh risk and repeat victims get a multi-agency response covering safeguarding, the whole family and the perpetrator.",
                    None,
                    ONGOING,
                    ["linda-helliar"],
                    lead_note="CSE Lead",
                ),
            ],
        )
    ],
)

MO_LEAD = "Decided at the Managing Offenders Group; followed through by LBBD Community Safety"
MO_UPDATED = dt.date(2017, 8, 31)

MO = P(
    body="managing-offenders",
    title="Managing Offenders 2017/18 Forward Plan",
    created=dt.date(2017, 8, 1),
    updated=MO_UPDATED,
    key_targets=[
        "Reduce gun crime, including discharges",
        "Reduce reoffending",
        "Reduce offending on bail",
        "Reduce rates of attrition",
        "Increase the number of offenders proceeded against",
    ],
    objectives=[
        (
            "Information and intelligence development",
            [
                A(
                    "1",
                    "Agree a clear information sharing agreement for the group: review the current one, add or remove members, agree how often it is renewed.",
                    "Information flows freely between partners.",
                    _end(2018, 2),
                    orgs=["lbbd", "police"],
                    lead_note="LBBD Community Safety and Police; renewal decided by the group",
                ),
                A(
                    "2",
                    "Agree the data analysis: which offences are monitored, what data is collected, which organisations provide it (with single points of contact) and how often it is shared.",
                    "Data informs the partnership on performance and offending in the borough.",
                    _end(2017, 10),
                    orgs=["lbbd"],
                    lead_note=MO_LEAD,
                ),
                A(
                    "3",
                    "Set up a sub group for data analysis: identify stakeholders, set how often it meets, and how it reports back to the Managing Offenders Group.",
                    "A multi-agency sub group tells the group about trends, areas of concern, links between IOM, SGV, DIP, MAPPA and ASB, and where to focus limited resources.",
                    _end(2017, 10),
                    orgs=["lbbd"],
                    lead_note=MO_LEAD,
                ),
                A(
                    "4",
                    "Cohort monitoring and information sharing: every risk management panel keeps a live tracker, and lists are cross-referenced regularly.",
                    "Instant snapshots of every offender on the IOM, SGV, MAPPA and DIP panels.\nLess duplication between panels.\nSafer information sharing and fewer e-mails before and after meetings.",
                    _end(2017, 10),
                    orgs=["lbbd"],
                    lead_note=MO_LEAD,
                    update="All risk management panels keep their cohort lists up to date each month, and IOM nominals are cross-referenced with the MAPPA team so nobody is discussed twice. Partners under the information sharing agreement are asked to use secure e-mail or free CJSM accounts; IOM and SGV no longer send encrypted e-mails, only e-mails through a secure route.",
                ),
            ],
        ),
        (
            "Accommodation, education, training and employment, finance and debt, drugs and alcohol",
            [
                A(
                    "5",
                    "Support offenders with accommodation needs: emergency spaces for IOM and MAPPA offenders leaving prison with nowhere to go, links to the Homeless Persons Unit and CRISIS, Citizens Advice help with arrears, and co-commissioning.",
                    "More offenders in safe and stable accommodation.\nBetter partnership working.",
                    _end(2018, 2),
                    orgs=["lbbd"],
                    lead_note=MO_LEAD,
                ),
                A(
                    "6",
                    "Support offenders with education, training, employment, benefits and debt: Jobcentre Plus drop-ins, ETE and CV workshops at Probation, a sensitive disclosure pathway for benefit claims, benefits and debt advice sessions, and a benefits pathway for joint claimants where there is domestic violence.",
                    "Better employability and more offenders in work or training.\nLegitimate income and realistic budgeting.\nEvictions and repossessions avoided.\nPractical financial help for victims of domestic violence.",
                    _end(2018, 2),
                    orgs=["lbbd"],
                    lead_note=MO_LEAD,
                    update="A number of education, training and employment providers work from the Probation Centre.",
                ),
                A(
                    "7",
                    "Support offenders with drug and alcohol problems: advice available within Probation, a WDP advice sheet for frontline workers, more WDP drop-ins, and emergency referrals from the panels seen by WDP within 24 hours.",
                    "Better awareness of the effects of drug and alcohol misuse.\nPartners more confident referring to WDP.\nLess misuse and better take-up of health services.",
                    _end(2017, 10),
                    orgs=["wdp"],
                    update="Taken from the LDH action plan; to be checked and approved by the LBBD senior commissioner.",
                ),
                A(
                    "8",
                    "Link the risk management panels with the troubled families programme: a coordinated referral route, regular refreshes of the lists, and an agreed way to share payment-by-results income.",
                    "Vulnerable families get extra help and funding.\nPayment-by-results claims are maximised and shared fairly.",
                    _end(2017, 10),
                    orgs=["lbbd"],
                    lead_note=MO_LEAD,
                    update="Taken from the LBH action plan; to be considered by the CSP.",
                ),
                A(
                    "9",
                    "Address offenders' mental health needs: access to primary care so they can be referred to mental health services, and suicide prevention arrangements that allow for the higher risk among offenders.",
                    "Homeless ex-offenders can register with a GP.\nThe suicide prevention approach considers offenders and ex-offenders.",
                    _end(2018, 2),
                    orgs=["ccg", "lbbd"],
                    lead_note="Clinical Commissioning Group; LBBD Public Health",
                    update="Offenders with no fixed abode can give their Probation or drugs service office as a proxy address to register with a GP, which opens up other health services including mental health referrals.",
                ),
            ],
        ),
        (
            "Enforcement and compliance: a joint operation of London Probation and the IOM police team, mainly for offenders on licence, suspended sentence or community payback orders",
            [
                A(
                    "10",
                    "Task borough resources at offenders who do not engage, keep offending or break their conditions: police targeting of red-rated offenders, more probation appointments and licence conditions, background checks after 3 months, the media after 6 months.",
                    "Tougher monitoring and policing of offenders who do not engage.",
                    _end(2018, 2),
                    orgs=["police", "nps", "crc"],
                    lead_note="Police; CRC and NPS for appointments and conditions",
                    update="Red-rated offenders who do not engage are targeted on intelligence, with extra police visits and local teams where offending is suspected. Conditions are reviewed case by case. Checks after 3 months and use of the media after 6 months are in place.",
                ),
                A(
                    "11",
                    "IOM police team visits to offenders: verify addresses, encourage compliance, make clear their conditions are monitored jointly, and improve intelligence sharing between the MPS, London Probation and the CRC.",
                    "A targeted and coordinated approach to monitoring offenders.",
                    _end(2018, 2),
                    orgs=["police", "nps", "crc"],
                    update="Home visits are carried out all the time and compliance is always encouraged; offenders know information is shared daily and their cases are monitored jointly.",
                ),
                A(
                    "12",
                    "Offender managers take enforcement action when conditions are broken: warning letters, breaches and recalls, extra licence conditions and alternatives to recall.",
                    "Effective, pro-active management of non-compliant offenders.",
                    _end(2018, 2),
                    orgs=["nps", "crc"],
                ),
                A(
                    "13",
                    "For non-statutory cases, IOM single points of contact give partners what they need to use civil powers such as criminal behaviour orders and dispersal orders.",
                    "Effective, pro-active management of non-compliant offenders.",
                    _end(2018, 2),
                    orgs=["lbbd", "police"],
                    lead_note="All partners",
                    update="Information is shared regularly, but few civil enforcement powers are in use against IOM nominals.",
                ),
                A(
                    "14",
                    "Run the multi-agency risk management panels every month: IOM main and mid-month panels, MAPPA, SGV, DIP, and the ASB and Community MARAC.",
                    "Resources coordinated on the offenders causing most harm, keeping all in scope and communities safer.",
                    _end(2017, 10),
                    orgs=["lbbd", "nps"],
                    lead_note="LBBD Community Safety; NPS for MAPPA",
                ),
            ],
        ),
        (
            "Supporting victims: a strategic plan for the CSP that puts victims at the centre of our work",
            [
                A(
                    "15",
                    "Better services for victims: compliance with the Victims' Code, better victim satisfaction, and monitoring of victim referrals across the borough.",
                    "Resources coordinated so victims get proper support and reach the services they need.",
                    _end(2018, 2),
                    orgs=["victim-support"],
                ),
            ],
        ),
    ],
)

HIE = P(
    body="hate-intolerance-extremism",
    title="Hate Crime, Intolerance and Extremism 12 Month Plan 2017/18",
    created=dt.date(2017, 8, 1),
    key_targets=[
        "Encourage more victims of hate crime to come forward and report",
        "Reduce the levels of repeat victimisation",
        "Reduce the rates of attrition in hate crime cases in the criminal justice process",
        "Improve the satisfaction of hate crime victims with the police and criminal justice service",
    ],
    objectives=[
        (
            "Standing together against extremism, hatred and intolerance",
            [
                A(
                    "1",
                    "Develop a 3-year HIE strategy and action plan that builds on this plan.",
                    "Better local understanding and coordination of services; less repeat victimisation.",
                    _end(2018, 3),
                    people=["rita-chadha"],
                    lead_note="HIE chair, coordinating all members",
                ),
                A(
                    "2",
                    "Raise awareness of HIE among agencies and residents through service mapping and a communications plan, with a yearly calendar of events, communications and training.",
                    "Professionals and residents more aware of all forms of HIE.\nMore reporting of HIE crimes and incidents.\nVictims, and people worried about violent extremism, more confident to report.",
                    _end(2017, 12),
                    people=["rita-chadha", "phillipa-banister"],
                    orgs=["bdcvs"],
                    lead_note="Through the Speak Out Safely meetings and LBBD communications, with Stop Hate UK",
                ),
                A(
                    "3",
                    "Develop and support a training offer on hate crime, cohesion and Prevent, linked to the communications calendar.",
                    "Partner agencies more confident to understand and support victims and those affected.",
                    _end(2017, 12),
                    people=[
                        "pip-salvador-jones",
                        "tara-poore",
                        "gurgit-sahota",
                        "phillipa-banister",
                    ],
                    lead_note="Citizens Advice; Victim Support; LBBD Prevent Coordinator; Community Engagement Co-ordinator",
                ),
                A(
                    "4",
                    "Keep the Prevent strategy and action plan under review.",
                    "Partners understand developments in Prevent; a standing item at the monthly HIE meetings.",
                    None,
                    "Standing item at HIE",
                    ["gurgit-sahota"],
                    lead_note="LBBD Prevent Coordinator",
                ),
                A(
                    "5",
                    "Monitor how well the Hate Crime Panel works.",
                    "Partners can see trends and issues in complex hate crime casework.",
                    None,
                    "Standing item at HIE",
                    orgs=["lbbd"],
                    lead_note="Hate Crime Coordinator",
                ),
                A(
                    "6",
                    "Understand better how HIE affects schools and colleges.",
                    "Partners can direct work to schools and colleges where there are concerns.",
                    None,
                    "Standing item at HIE",
                    ["sharon-harrington"],
                    lead_note="Schools exclusion (to be confirmed)",
                ),
                A(
                    "7",
                    "Develop a HIE data set for performance monitoring and outcomes.",
                    "HIE data supports more reporting, reassures the public and shows trends and concerns, benchmarked with neighbouring boroughs.",
                    _end(2018, 3),
                    "In line with the strategy",
                    ["rita-chadha", "daniel-james"],
                    lead_note="HIE chair to lead, all agencies to support; checked by Daniel James",
                ),
                A(
                    "8",
                    "Support bids for outside funding for HIE work.",
                    "Barking and Dagenham has the resources to support the HIE strategy and work plan.",
                    None,
                    STANDING,
                    ["rita-chadha"],
                    orgs=["bdcvs"],
                ),
                A(
                    "9",
                    "Develop a way for the views and experiences of people affected by HIE to shape the strategy.",
                    "Better victim confidence and satisfaction; a strategy that works for the borough's diverse audiences.",
                    None,
                    "Part of the communications plan",
                    ["pip-salvador-jones", "tara-poore"],
                    lead_note="Citizens Advice; Victim Support",
                ),
                A(
                    "10",
                    "Explore the options for restorative justice.",
                    "Better victim confidence and satisfaction where appropriate; less offending.",
                    None,
                    "Discussed at Hate Crime Incident Panel meetings and reported to HIE; proposals in the strategy",
                    ["pip-salvador-jones", "tara-poore"],
                    orgs=["nps"],
                    lead_note="Hate Crime Incident Panel; Probation; Citizens Advice; Victim Support",
                ),
                A(
                    "11",
                    "Convene tension monitoring as needed, and task and finish groups where useful.",
                    "Multi-agency meetings on local tension issues prevent crime and support community confidence.",
                    None,
                    "Standing item at HIE meetings; Matthew Cole to call urgent meetings in between",
                    ["rita-chadha", "matthew-cole"],
                    lead_note="HIE chair; Director of Public Health",
                ),
                A(
                    "12",
                    "Review the impact of Brexit on HIE.",
                    "The group can see possible spikes in hate crime around the Brexit talks coming.",
                    None,
                    "Standing item at each HIE meeting; in the communications plan, training calendar and strategy",
                    ["rita-chadha"],
                ),
                A(
                    "13",
                    "Review the impact of the tri-borough policing model on HIE.",
                    "LBBD is not under-resourced in its HIE work.",
                    None,
                    "Standing item at each HIE meeting; reflected in the strategy and communications plan",
                    orgs=["police"],
                ),
                A(
                    "14",
                    "Build links to promote HIE work with partners such as the London Fire Brigade and services in Community Solutions, Be First and Participatory City.",
                    "Everyone whose work touches HIE knows what is being discussed and done.",
                    None,
                    "Standing item at each HIE meeting; in the communications, training plan and strategy",
                    ["rita-chadha", "katherine-gilcreest"],
                    lead_note="HIE chair, with a quarterly check-in with LFB; Head of Support for Community Solutions",
                ),
                A(
                    "15",
                    "Encourage partners, with the CSP's agreement, to respond to local, regional and national consultations on HIE.",
                    "Partners understand HIE better, and the borough's work gets the profile to bring in extra resources.",
                    None,
                    STANDING,
                    ["rita-chadha"],
                ),
            ],
        )
    ],
)

HNS = "hazel-north-stephens"
DAC = "Domestic Abuse Commissioner"
Q_UPDATES = "Quarterly updates"
Q2_MEETING = "To be discussed at the Q2 meeting"

VAWG = P(
    body="vawg",
    title="Violence Against Women and Girls 12 Month Plan 2017/18",
    created=dt.date(2017, 8, 1),
    updated=dt.date(2017, 8, 30),
    key_targets=[
        "More victims of domestic abuse come forward, and fewer are repeat victims",
        "More reporting of sexual violence",
        "More reporting of harmful practices, including female genital mutilation, honour based violence and forced marriage",
        "More reporting of modern slavery, including sex trafficking and exploitation, domestic servitude and labour exploitation",
        "Lower rates of attrition in VAWG cases in the criminal justice process",
        "Better local understanding of VAWG and of the need for a multi-agency approach",
        "Better local understanding of modern slavery and of the need for a multi-agency approach",
        "Effective support services and interventions for victims, survivors and their children",
        "Effective interventions to bring perpetrators to justice and challenge their behaviour",
    ],
    objectives=[
        (
            "A partnership response to every strand of violence against women and girls",
            [
                A(
                    "1",
                    "Develop a 5-year VAWG strategy and action plan that builds on this plan.",
                    "Better local understanding of and response to all strands of VAWG; less repeat victimisation and repeat offending.",
                    _end(2018, 7),
                    people=[HNS],
                    lead_note=DAC,
                    update="The national VAWG strategy refresh is due at the end of 2017, as is the domestic violence bill. The timescale leaves room for national and regional steers, and for the large restructures at the Council, the East BCU and in probation to bed in.",
                ),
                A(
                    "2",
                    "Raise awareness of VAWG among agencies and residents through service mapping and a communications plan, with a programme of publicity events across the partnership.",
                    "Professionals and the public more aware of all forms of VAWG.\nMore reporting and take-up of VAWG services.\nVictims more confident to report.",
                    dt.date(2017, 11, 25),
                    "White Ribbon Day, November 2017",
                    [HNS, "sasha-timmermans"],
                    lead_note="Domestic Abuse Commissioner; MARAC Coordinator; DV Forum",
                    update="A directory is online; HNS is updating it, including regional and sub-regional projects.",
                ),
                A(
                    "3",
                    "Develop a multi-agency VAWG training offer.",
                    "Staff more confident responding to disclosures of VAWG.\nVAWG understood in every relevant service, for good coordination.\nEarly identification so victims and their children are safeguarded.",
                    dt.date(2017, 11, 25),
                    "White Ribbon Day, November 2017",
                    [HNS],
                    lead_note="VAWG Strategy Subgroup; Domestic Abuse Commissioner; DV Forum",
                    update="Four full days of training agreed with the IDSVA service and the LSCB: two in October 2017 and two in January 2018. White Ribbon Day plans include 16 half-day workshops on different areas of VAWG.",
                ),
                A(
                    "4",
                    "Develop a multi-agency modern slavery training offer, including learning from safeguarding adults reviews.",
                    "Staff more confident responding to modern slavery.\nModern slavery understood in every relevant service.\nEarly identification so victims are safeguarded.",
                    _end(2017, 10),
                    orgs=["sab"],
                    update="Modern slavery SPoCs meet on 19 September with third-sector experts. Neighbouring boroughs in the East BCU want a tri-borough task and finish group. A SAR where modern slavery was found is due in mid-October, near Anti-Slavery Day: a good moment to launch training. Talks are under way with the Home Office about extending the recent pilot.",
                ),
                A(
                    "5",
                    "Set up a Modern Slavery Working Group to coordinate training and responses, taking expert advice.",
                    "Agencies and the community more aware of modern slavery, with a strategic, targeted approach to finding and helping victims.\nExpert advice strengthens the evidence base.",
                    _end(2017, 9),
                    orgs=["sab"],
                    update="HNS has arranged a meeting of SAB leads and SPoCs in September; HTF invited.",
                ),
                A(
                    "6",
                    "Work with children and young people to raise awareness of VAWG.",
                    "Attitudes and inequalities affecting women and girls are challenged.\nYoung people know the services for themselves and their families.\nMore young people use services and more victims are identified.",
                    None,
                    ONGOING,
                    ["nita-bocking", "mary-mobbs-beal", "linda-helliar"],
                    lead_note="Arc Theatre; Tender; CSE Lead",
                    update="Arc Theatre has been commissioned to work with girls and young women in schools. Tender ran a two-day healthy relationships workshop in August 2017, with 26 referrals, particularly from the Vibe, Flipside and PSGs.",
                ),
                A(
                    "7",
                    "Develop a VAWG data set for performance monitoring and outcome measures.",
                    "Performance monitored against the key targets.\nResources allocated efficiently, with evidence for funding and commissioning.\nGaps and needs identified.",
                    None,
                    "Q2 meeting",
                    ["vikki-rix"],
                    lead_note="Head of Performance and Intelligence (awaiting confirmation)",
                    update="Being developed; data has been asked for, for the Q2 meeting.",
                ),
                A(
                    "8",
                    "Commissioning and resources: contracts for commissioned services in place; gaps and opportunities found, including joint commissioning and pooled budgets.",
                    "Commissioning led by evidence; sustainable projects measuring outcomes for survivors, value for money and social value; a whole-system approach across the public, voluntary and private sectors.",
                    None,
                    "Up to date; gaps to be identified in the needs assessment",
                    ["sonia-drozd", HNS],
                    lead_note="Adult Commissioning: Senior Commissioner; Domestic Abuse Commissioner",
                    update="Contracts include the LBBD IDSVA service (Victim Support), refuge accommodation (Hestia), Empowering Young Women (Arc Theatre) and an uplift to cut counselling waits (Ashiana Network). Gaps often raised: specialist psychotherapy for children who experience domestic violence, perpetrator programmes, and work on less-supported forms of VAWG.",
                ),
                A(
                    "9",
                    "Develop a way for the views of people with lived experience of VAWG to shape strategic plans and services.",
                    "Service users help reduce the inequalities linked to VAWG.\nBetter take-up of services and better outcomes.\nVictims and children reach a range of support; needs-led commissioning gives value for money.",
                    None,
                    Q_UPDATES,
                    [HNS],
                    lead_note="Domestic Abuse Commissioner; DV Forum",
                    update="HNS has met service users from several projects; there is appetite for a focus group. Next: a focus group, online feedback and consultation, and a regular service users' group.",
                ),
                A(
                    "10",
                    "Complete a VAWG needs assessment, using data and involving specialist providers and community groups.",
                    "Future commissioning and delivery based on local evidence and need; gaps, training needs and chances for joint working found; operational processes informed.",
                    _end(2018, 1),
                    people=[HNS],
                    lead_note="Domestic Abuse Commissioner, with the Performance and Intelligence team and commissioned services",
                ),
                A(
                    "11",
                    "Develop an LBBD staff policy on VAWG.",
                    "Staff more confident responding to disclosures, knowing abuse can affect colleagues.\nBetter understanding of the effect of domestic abuse on employees.",
                    None,
                    "Seeking guidance",
                    [HNS],
                    lead_note="HR; Domestic Abuse Commissioner",
                ),
                A(
                    "12",
                    "MARAC self-assessment and peer review; wider information sharing protocols; toolkits and induction packs for referrers and representatives.",
                    "High risk and repeat victims get a multi-agency response; less risk of domestic homicide and of escalation; fewer repeat victims; more confidence in reporting; more engagement across the partnership.",
                    None,
                    "Q2",
                    ["ronan-mcmanus", "sasha-timmermans", HNS],
                    lead_note="MARAC Chair; MARAC Coordinator; Domestic Abuse Commissioner",
                    update="The self-assessment of MARAC takes place on 14 September.",
                ),
                A(
                    "13",
                    "The LBBD IDSVA service finds and supports VAWG cases, makes every agency aware of it, and improves joint working to support victims and children.",
                    "Less risk of domestic homicide and escalation; fewer repeat victims; better outcomes for victims and their children; more confidence in reporting.",
                    None,
                    Q_UPDATES,
                    ["natasha-chopra"],
                    lead_note="LBBD IDSVA Service Manager",
                    update="The service is fully staffed and can take more cases. It attends team meetings and workshops across the partnership and has committed to training through the LSCB and at White Ribbon Day events.",
                ),
                A(
                    "14",
                    "Offer safe and secure housing options to families affected by VAWG: review options against the Pan London Domestic Violence Needs Assessment, a housing domestic abuse policy, regular training for housing staff, and links with specialist services.",
                    "Housing staff meet their statutory duties and signpost well.\nConsistent data on victims applying as homeless because of domestic violence.\nDomestic violence addressed throughout housing and homelessness strategies.",
                    None,
                    Q_UPDATES,
                    ["terrie-handley", "james-goddard", "akin-otitoju", "damien-cole"],
                    lead_note="Housing Service Group Manager; Housing Strategy Manager; Property Services; Head of Service Development",
                    update="Property Management Services have agreed a workshop with the IDSVA service at Pondfield House (dates to be confirmed), and a property services officer has been asked to attend an IDSVA team meeting. A domestic abuse policy has gone to Damien Cole as part of Community Solutions; a meeting at the end of September will discuss it.",
                ),
                A(
                    "15",
                    "Identify early the child protection referrals where VAWG is a factor; all new social workers trained and existing ones encouraged to attend multi-agency training; links with specialist services.",
                    "Children known to children's services are safeguarded and vulnerable victims protected.\nStaff understand VAWG, the services and how to refer.\nMore cases identified and referred.",
                    None,
                    "Quarterly VAWG data set; annual LSCB report",
                    ["vikki-rix", "ann-graham"],
                    lead_note="Head of Performance and Intelligence; Operational Director, Children's Social Care",
                ),
                A(
                    "16",
                    "Identify VAWG early in A&E and among health professionals and their supervisors.",
                    "Victims using health services reach VAWG support at once.\nMore cases identified and referred.\nStaff understand VAWG, the services and how to refer.",
                    None,
                    Q_UPDATES,
                    ["melody-williams", "ann-kavanagh"],
                    lead_note="Integrated Care Director, NELFT; DA and HP Lead",
                ),
                A(
                    "17",
                    "Empower female offenders who experience VAWG.",
                    "Female offenders reach support at once; more safety and fewer repeat victims; less offending as complex needs are met.",
                    None,
                    "Quarterly update",
                    ["susan-cade"],
                    lead_note="IOM Pathways Coordinator",
                    update="SC has worked with third-sector organisations on bids to the MOPAC London Crime Prevention Fund for trauma-informed resources at women's centres across London.",
                ),
                A(
                    "18",
                    "Bring GPs, nurses and support workers into the coordinated response, using protected training time where possible.",
                    "More cases identified and referred; more safety and fewer repeat victims; more use of specialist services; GPs know how to refer.",
                    None,
                    "Quarterly update",
                    [HNS],
                    lead_note=DAC,
                    update="HNS has asked for space at the PTI meeting in January 2018 and awaits a reply. HNS and ST are looking at printed pharmacy bags with details of services, to reach victims who are usually underserved.",
                ),
                A(
                    "19",
                    "Police monitor the effect of the pathfinder tri-borough BCU on VAWG crimes and reporting, improving the response to victims and focusing on repeat offenders.",
                    "More safety and fewer repeat victims; better access to services; police teams understand VAWG and local services; more MARAC referrals and use of police powers (DVPN/Os, DVDS).",
                    None,
                    "Quarterly updates and data report",
                    ["ronan-mcmanus"],
                    lead_note="DI for Safeguarding",
                    update="Awaiting update.",
                ),
                A(
                    "20",
                    "Monitor CPS conviction rates, support victims through the criminal justice process and promote Victim Personal Statements.",
                    "Victims feel part of the process, not sidelined; the best outcomes at court; more confidence in reporting; more evidential prosecutions.",
                    None,
                    Q_UPDATES,
                    ["ronan-mcmanus", "tony-morgan"],
                    lead_note="DI for Safeguarding; Witness Service",
                    update="Q1 data: 89 trials (charges), 79 special measures granted, 26 victim no-shows, 6 guilty pleas on the day, 29 guilty verdicts, 42 not guilty or no evidence offered; 12 adjourned with the victim present and none with the victim absent. IDSVA at 98.6% of trials, the officer in the case at 59%; Victim Personal Statements used in 33.3%.",
                ),
                A(
                    "21",
                    "The National Probation Service and the Community Rehabilitation Company manage perpetrators effectively, with strict licence and order conditions to protect victims.",
                    "Better management of offenders and fewer repeat perpetrators; more cases referred; better attendance at MARAC, CPC, MAP and other meetings.",
                    None,
                    Q_UPDATES,
                    ["greg-tillett"],
                    orgs=["crc"],
                    lead_note="NPS; London CRC lead awaiting confirmation",
                ),
                A(
                    "22",
                    "Make sure victims and perpetrators can reach substance misuse services, and strengthen the links between substance misuse and VAWG services.",
                    "Less VAWG risk made worse by substance misuse; services understand the link between alcohol and intimate partner violence; victims choose how to reach services; more multi-agency working.",
                    None,
                    Q_UPDATES,
                    ["sonia-drozd"],
                    lead_note="Senior Commissioner",
                    update="2018 services are being commissioned: VAWG, including domestic abuse and female offending, is written into the specifications, with a focus on trauma-informed services. Current substance misuse services work with the IDSVA service and take part in MARAC, MASE and other multi-agency partnerships.",
                ),
                A(
                    "23",
                    "Explore perpetrator programmes: map regional services and seek funding to challenge violent behaviour.",
                    "Less repeat victimisation; the onus moves from the victim to the perpetrator to change; men more aware of the effect of VAWG on partners and children; safer, healthier relationships.",
                    _end(2018, 1),
                    "As part of the needs assessment",
                    [HNS],
                    lead_note=DAC,
                    update="Caring Dads (not strictly a perpetrator programme, but it challenges abusive behaviour) has started in the borough, with a second group from mid-September; an evaluation is due soon.",
                ),
                A(
                    "24",
                    "Assess needs and improve access to services for women in prostitution, including routes out; target police action at men who buy sex in the East BCU area.",
                    "Services feel equipped to support women in prostitution; less criminal justice involvement; women offered support across health, housing and criminal justice.",
                    None,
                    Q2_MEETING,
                    [HNS, "ronan-mcmanus"],
                    lead_note="Domestic Abuse Commissioner; DI for Safeguarding",
                    update="Hounslow has put in an expression of interest to the MOPAC fund to expand Rape Crisis Centres with more targeted work on prostitution; we await word on whether it goes ahead. To be discussed at the Q2 meeting.",
                ),
                A(
                    "25",
                    "Assess needs and improve access to services for women and girls at risk of, or affected by, female genital mutilation: training, work with specialist organisations and the CVS, and realistic prevalence figures.",
                    "Women and girls reach adequate support; prevalence data informs future work; faith and community leaders supported to engage their communities; professionals recognise and respond to possible cases.",
                    None,
                    Q2_MEETING,
                    ["ann-kavanagh"],
                    lead_note="Health lead; DA and HP lead to be confirmed",
                    update="ST has contacted Leyla Hussein, a prominent anti-FGM activist, about a White Ribbon Day workshop (not confirmed but looking positive). Forward UK has been approached; awaiting input from health leads, whose FGM and CSE strategic leads group meets quarterly.",
                ),
                A(
                    "26",
                    "Give women and girls who have experienced, or are at risk of, so called honour based violence or forced marriage the right support: awareness of HBV and forced marriage and the tools and services available, and realistic prevalence figures including male and LGBT victims.",
                    "Victims reach adequate support; prevalence data informs future work; faith and community leaders supported; professionals recognise and respond to possible cases.",
                    None,
                    Q2_MEETING,
                    [HNS, "vikki-rix"],
                    lead_note="Domestic Abuse Commissioner for training; Head of Performance and Intelligence for prevalence figures",
                    update="White Ribbon Day training will cover HBV and forced marriage. Commissioned services see few HBV and forced marriage cases, which suggests more awareness raising is needed locally; MARAC does not measure this at present.",
                ),
            ],
        )
    ],
)

PLANS = [CYP, MO, HIE, VAWG]


def _person(partnership: Partnership, slug: str) -> Person:
    found = Person.objects.filter(partnership=partnership, slug=slug).first()
    if found is not None:
        return found
    from .loader import demo_email  # the loader calls this module

    name = NEW_PEOPLE[slug]
    return ps.person_create(
        actor=ACTOR,
        partnership=partnership,
        name=name,
        slug=slug,
        email=demo_email(name, partnership.slug),
    )


def _organisation(partnership: Partnership, key: str) -> Organisation:
    name = ORGS[key]
    found = Organisation.objects.filter(partnership=partnership, name=name).first()
    if found is not None:
        return found
    return ps.organisation_create(actor=ACTOR, partnership=partnership, name=name)


def load_delivery_plans(partnership: Partnership) -> list[DeliveryPlan]:
    """Barking and Dagenham's four plans; any other partnership gets none."""
    if partnership.slug != SLUG:
        return []
    loaded = []
    for p in PLANS:
        body = Body.objects.get(partnership=partnership, slug=p.body)
        plan = plans.delivery_plan_create(
            actor=ACTOR,
            body=body,
            year=YEAR,
            title=p.title,
            status=DeliveryPlan.Status.ACTIVE,
            key_targets="\n".join(p.key_targets),
            created_at=aware(p.created, 9),
        )
        for title, actions in p.objectives:
            objective = plans.plan_objective_add(actor=ACTOR, plan=plan, title=title)
            for a in actions:
                owners: list[Person | Organisation] = [
                    *(_person(partnership, s) for s in a.people),
                    *(_organisation(partnership, k) for k in a.orgs),
                ]
                pa = plans.plan_action_add(
                    actor=ACTOR,
                    objective=objective,
                    description=a.description,
                    owners=owners,
                    outcome=a.outcome,
                    due_date=a.due,
                    due_note=a.due_note,
                    lead_note=a.lead_note,
                    reference=a.ref,
                    others=a.others,
                    status=Action.Status.IN_PROGRESS if a.update else Action.Status.OPEN,
                    created_at=aware(p.created, 9),
                )
                if a.update and p.updated is not None:
                    action_update_record(
                        actor=ACTOR, action=pa.action, text=a.update, at=aware(p.updated, 10)
                    )
        loaded.append(plan)
    return loaded
