"""Hand-written templates and name pools of the scrubber evaluation (scrub_eval.py).

Written for this project; no public evaluation corpus was used or consulted. Slots:
``{P}`` a person in a random written form, ``{PF}`` First Last, ``{F}`` first name,
``{L}`` surname, ``{l}`` surname in lower case, ``{LF}`` LAST, FIRST, ``{UP}`` FIRST
LAST, ``{I}`` initial + surname, ``{N}`` a nickname in quotes, ``{A}`` a street address,
``{U}`` SURNAME alone, ``{T}`` Mr./Ms./Mrs.; a ``2`` after a person slot names a second person.
"""

from __future__ import annotations

import random
import re


def _split(text: str) -> list[str]:
    return text.split()


# --- police-style narratives ----------------------------------------------------------

POLICE_FIRST = _split("""
Marcus Naomi DeShawn Kevin Tyrone Keisha LaToya Jamal Brianna Carlos Maria Luis Rosa
Dylan Ashley Brandon Tiffany Cody Amber Travis Crystal Jose Guadalupe Hector Yesenia
Darius Imani Terrell Shanice Mohammed Aisha Tuan Linh Ivan Olga Patrick Siobhan
Connor Megan Raymond Dolores Earl Bernice Wendell Latrice Rashad Ebony Dante Monique
Javier Alejandra Ricky Tammy Roderick Felicia Cedric Yolanda Andre Tasha Malik Kiara
Reggie Will Rose Hope Grant Mark Bill Faith Hunter
""")
POLICE_LAST = """
Hill|Ryan|Mitchell|Nguyen|Washington-Baptiste|Johnson|Okafor|O'Brien|McAllister|MacDonald
|de la Cruz|Hernandez-Lopez|Kraevik|Thompson|Jackson|Robinson|Alvarez|Kowalski|Petrov
|Gallagher|Simmons|Greene|Lamont|Rourke|Sandoval|Fitzgerald|Delgado|Brooks|Coleman
|Jenkins|Patterson|O'Neill|McKenzie|Villanueva|St. John|Dubois|Washington|Baptiste
|Castellanos|Harrington|Whitfield|Beauchamp|Abernathy|Ochoa|Mendez|Tran|Pham|Yusuf|Haddad
|Kaminski|Novak|Lindqvist|Ferreira|Acevedo|Quintero|Holloway|Prescott|Lockhart|Pruitt
|King|White|Brown|Young|Rose|Price|Cotton|Rich
""".replace("\n", "").split("|")
NICKNAMES = _split("Skeeter Boo-Boo Lil Man Peanut Dre Tiny Slim Bones Pooh Cheese Smokey")

POLICE_TEMPLATES = """
Complainant stated her boyfriend, {PF}, was present at the time.
I'm {PF} and I live at {A}.
Subject identified as {PF} was detained without incident.
{T} {L}'s son {F2} said that {F2} took the phone.
{PF} resisted when officers attempted to place him in handcuffs.
She can be reached at {A}.
Witness {P} confirmed the account given by the complainant.
witness {l} confirmed the vehicle was parked on the street.
My name is {PF} and I was the driver of the vehicle.
The neighbor, {PF}, called 911 after hearing shouting.
{LF} was transported to the hospital for evaluation.
{PF}: I did not see the officer strike anyone.
Det. {L} interviewed {PF2} at {A}.
The tow driver, {PF}, arrived at approximately 0300 hours.
Nurse {PF} treated the arrestee for a minor laceration.
A man known as {N} was seen running from the scene.
Her cousin {F} lives at {A}.
Sgt. {I} reviewed the body-worn camera footage.
{PF}'s vehicle was towed from {A}.
The complainant's mother, {T} {L}, arrived at the station later.
Officers spoke with {PF} and {PF2} outside the residence.
Per {PF}, the officer used profanity during the stop.
According to his girlfriend {F}, he left the apartment at midnight.
The victim, {UP}, declined medical treatment.
{P} stated that the officer pushed her against the car.
The caller, who identified herself as {PF}, reported a disturbance.
Suspect {P} fled on foot toward the alley.
{I} and {I2} were interviewed separately.
Complainant {LF} alleges the search was unlawful.
The landlord, {T} {L}, provided the door camera video.
Her brother {F} and his friend {PF2} were also present.
{PF} ({N}) was known to officers from prior contacts.
The arrestee gave his name as {PF} and his address as {A}.
The subject's wife, {F}, called dispatch from {A}.
Statement of witness {UP}: the officers did nothing wrong.
Interviewed {PF} at her home on {A}.
Ofc. {L} and Ofc. {L2} responded to {A}.
{T} {L} said her daughter {F2} was not involved.
The manager of the store, {PF}, reviewed the video with Det. {L2}.
A bystander, {PF}, recorded the arrest on a cell phone.
The complainant said {F} was at the store when it happened.
Officers spoke to {L} who refused to answer.
Complainant stated {U} hit him with a bottle.
She told {F} she would call back, and {PF2} took the keys.
{L} stated that the officer never identified himself.
""".strip().splitlines()

# Ordinary police prose: anything removed from it lowers precision.
POLICE_PROSE = """
The body-worn camera footage was reviewed by the supervisor.
Tension rose as the crowd grew outside the district station.
The officer will grant the request for a supervisor.
A young man was seen leaving the area on foot.
There was a mark on the wrist consistent with handcuffs.
The vehicle was towed to the city impound lot.
The allegation of discourtesy was not sustained.
Dispatch advised that the caller may be intoxicated.
The Internal Affairs Unit reviewed the use of force report.
Officers cleared the scene and returned to service.
The complainant declined to provide a written statement.
Bright Horizons Day Care and Main Street Pharmacy were closed.
The Patrol Division Commander approved the overtime request.
The Court ordered the evidence to be preserved.
The suspect vehicle, a gray Honda Accord, was located later.
Methodist Hospital staff reported no injuries.
The Fraternal Order of Police representative was present.
A Taser was displayed but not deployed.
He was transported to St. Mary's Hospital for treatment.
The incident occurred on King Avenue near the Rose Garden.
The vehicle was stopped at 5th Ave and Main St. after a short pursuit.
She said she will call back if the rash on her arm grows.
The Black male and the White female were both released.
""".strip().splitlines()

# --- general text, names of many origins ----------------------------------------------

# (first names, surnames separated by |) of one origin each; written for this evaluation.
ORIGINS = [
    ('Chinedu Ngozi Oluwaseun Adaeze Emeka Funmilayo Tunde Chiamaka',
     'Okafor|Adeyemi|Balogun|Eze|Nwosu|Okonkwo|Adebayo|Ogunleye'),
    ('Minh Thi Huong Quang Lan Tuan Bao Ngoc',
     'Nguyen|Tran|Pham|Le|Hoang|Vu|Dang|Bui'),
    ('Priya Arjun Lakshmi Rohan Ananya Vikram Deepa Sanjay',
     'Raghunathan|Venkataraman|Iyer|Chatterjee|Deshpande|Kulkarni|Menon|Bhattacharya'),
    ('Khalid Fatima Youssef Layla Omar Nour Tariq Samira',
     'Al-Mansour|Haddad|Khoury|Saleh|Nasser|El-Amin|Farouk|Darwish'),
    ('Wei Xiaoling Jun Mei Hao Lihua Jian Yan',
     'Zhang|Liu|Chen|Wang|Zhao|Huang|Zhou|Xu'),
    ('Ji-woo Seo-yeon Min-jun Hye-jin Dong-hyun Eun-ji',
     'Park|Choi|Kim|Jung|Kang|Yoon'),
    ('Katarzyna Tomasz Agnieszka Piotr Magdalena Krzysztof',
     'Wiśniewska|Nowak|Kowalczyk|Wójcik|Zieliński|Lewandowski'),
    ('Alejandro Guadalupe Itzel Joaquín Ximena Rodrigo Citlali Mateo',
     'Gutiérrez|Ochoa|Villaseñor|Cárdenas|Zúñiga|Barrientos|Montoya|Arellano'),
    ('Siobhán Ciarán Aoife Pádraig Niamh Eoin',
     "O'Sullivan|McGrath|Ní Bhriain|Ó Dónaill|Fitzpatrick|McCarthy"),
    ('Abebe Tigist Yonas Meron Dawit Selam',
     'Tesfaye|Bekele|Haile|Girma|Alemu|Mengistu'),
    ('Maricel Jericho Rowena Dindo Marites Jomar',
     'Dela Cruz|Bautista|Macapagal|Villanueva|Pangilinan|Dimaculangan'),
    ('Abdirahman Hodan Farhan Ifrah Mahad Sagal',
     'Warsame|Farah|Abdi|Hirsi|Jama|Osman'),
    ('Dmitri Svetlana Yevgeny Oksana Aleksei Natalia',
     'Volkov|Ivanova|Sokolov|Petrenko|Kuznetsova|Morozov'),
    ('Eleni Giorgos Dimitra Nikos Katerina Yannis',
     'Papadopoulos|Georgiou|Karagiannis|Economou|Vlachos|Theodorou'),
    ('Jean-Baptiste Marie-Claire Wideline Jacquelin Nadège Fritznel',
     'Pierre-Louis|Jean-Charles|Dorvil|Baptiste|Célestin|Augustin'),
    ('Jürgen Sabine Dieter Ingrid Wolfgang Ursula',
     'Schäfer|Hoffmann|Becker|Krüger|Wagner|Neumann'),
    ('Emre Elif Mehmet Zeynep Burak Ayşe',
     'Yılmaz|Demir|Şahin|Çelik|Öztürk|Aydın'),
    ('Haruto Yui Sota Aoi Ren Hina',
     'Sato|Takahashi|Watanabe|Yamamoto|Nakamura|Kobayashi'),
    ('Pa Tou Mai Cheng Yer Kou',
     'Vang|Xiong|Thao|Lor|Moua|Yang'),
    ('Tavita Lupe Sione Mele Iosefa Ana',
     'Faleolo|Tuilagi|Leota|Fonoti|Sapolu|Aumua'),
    ('Aigerim Nurlan Dana Yerlan Madina Askar',
     'Bekova|Nurlanov|Sadykova|Tokayev|Abenova|Zhaksybekov'),
    ('Liam Olivia Noah Emma Ethan Ava Mason Sophia',
     'Anderson|Taylor|Harris|Clark|Lewis|Walker|Allen|Wright'),
]

GENERAL_TEMPLATES = """
{PF} said the new bus route would help families in the neighborhood.
In a statement, {PF} thanked the volunteers for their work.
The award went to {PF}, a teacher at the elementary school.
{PF} and {PF2} opened the bakery together after years of planning.
According to {PF}, the meeting ran later than expected.
Local artist {PF} showed new paintings at the library.
We spoke with {PF}, who has lived on the block for a decade.
Dr. {L} presented the findings to the city council.
{F} told reporters she was relieved by the decision.
The letter was signed by {PF} and {PF2}.
Photos courtesy of {PF}.
{PF}, the team captain, scored twice in the second half.
Many residents, including {PF}, asked for more street lights.
The recipe comes from {F}'s grandmother.
Coach {L} praised the players after the game.
{PF} will lead the community garden next spring.
Questions may be sent to {PF} at the front desk.
After the concert, {F} and {F2} walked home together.
The report was written by {PF} with help from {PF2}.
Volunteers led by {PF} cleaned the riverbank on Saturday.
""".strip().splitlines()

GENERAL_PROSE = """
The weather was warm and the market was busy all afternoon.
City Council approved the budget after a long debate.
The new library branch opens on the east side next month.
Traffic on the bridge was slow because of the repairs.
Parents can register their children online or at the front office.
The museum will extend its hours during the summer.
Lincoln Park and Lake Shore Drive were crowded on the weekend.
The Red Cross opened a shelter at the high school.
""".strip().splitlines()

# --- street addresses -------------------------------------------------------------------

STREETS = """
Broadway|Main|Oak|Kessler|Fall Creek|Martin Luther King Jr|38th|Meridian|College|Pine
|Sunset|Lakeview|Cedar Ridge|Old Mill|Elm|Washington|Fairview|Willow Creek|Highland
|Riverside|Park|5th|Division|Chestnut|Magnolia|Peachtree|Sheridan|Belmont|Halsted
""".replace("\n", "").split("|")
SUFFIXES = ["St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Road", "Dr", "Drive", "Ln",
            "Lane", "Ct", "Way", "Pl", "Pkwy", "Ter", "Cir", "Trl"]
DIRECTIONS = ["N", "S", "E", "W", "N.", "North", "South", "East", "West", "NE", "SW"]
UNITS = ["Apt 4", "Apt. 12B", "#3", "Unit 210", "Suite 5", "Apt 2R", "Lot 17"]
ADDRESS_TEMPLATES = """
She can be reached at {A}.
The complainant lives at {A} with her two children.
Officers responded to {A} for a noise complaint.
He gave his address as {A}.
The vehicle was found in the driveway of {A}.
Mail was returned from {A}, so a letter was sent again.
The party took place at {A} last weekend.
Neighbors at {A} heard the argument.
""".strip().splitlines()


def _address(rng: random.Random) -> str:
    number = str(rng.choice([rng.randrange(1, 100), rng.randrange(100, 10000),
                             rng.randrange(10000, 99999)]))
    street = rng.choice(STREETS)
    parts = [number]
    if rng.random() < 0.25:
        parts.append(rng.choice(DIRECTIONS))
    parts.append(street)
    if street != "Broadway" and rng.random() < 0.85:
        parts.append(rng.choice(SUFFIXES))
    text = " ".join(parts)
    if rng.random() < 0.3:
        text += rng.choice([", ", " "]) + rng.choice(UNITS)
    return text


def _person(kind: str, rng: random.Random) -> tuple[str, str]:
    if kind == "general":
        firsts, lasts = rng.choice(ORIGINS)
        last_pool = lasts.split("|")
        return rng.choice(firsts.split()), rng.choice(last_pool)
    return rng.choice(POLICE_FIRST), rng.choice(POLICE_LAST)


def _form(slot: str, person: tuple[str, str], rng: random.Random) -> str:
    first, last = person
    forms = {
        "PF": lambda: f"{first} {last}",
        "F": lambda: first,
        "L": lambda: last,
        "l": lambda: last.lower(),
        "LF": lambda: f"{last}, {first}".upper() if rng.random() < 0.6 else f"{last}, {first}",
        "UP": lambda: f"{first} {last}".upper(),
        "U": lambda: last.upper(),
        "I": lambda: f"{first[0]}. {last}",
        "N": lambda: f'"{rng.choice(NICKNAMES)}"',
    }
    if slot == "P":
        slot = rng.choice(["PF", "PF", "PF", "UP", "LF", "I", "l"])
        if slot == "l":
            return f"{first} {last}".lower()
    return forms[slot]()


_SLOT = re.compile(r"\{(PF|F|L|l|LF|UP|U|I|N|P|A|T)(2?)\}")


def fill(template: str, kind: str, rng: random.Random) -> tuple[str, list[tuple[str, int, int]]]:
    """The template with its slots filled, and the labelled spans (label, start, end)."""
    people = [_person(kind, rng), _person(kind, rng)]
    out, spans, pos = [], [], 0
    length = 0
    for m in _SLOT.finditer(template):
        literal = template[pos:m.start()]
        out.append(literal)
        length += len(literal)
        slot, second = m.group(1), m.group(2)
        if slot == "A":
            value, label = _address(rng), "address"
        elif slot == "T":
            value, label = rng.choice(["Mr.", "Ms.", "Mrs."]), None
        else:
            value, label = _form(slot, people[1 if second else 0], rng), "person"
        if label:
            quoted = value.startswith('"')
            spans.append((label, length + quoted, length + len(value) - quoted))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), spans


def build_set(kind: str, rng: random.Random) -> tuple[str, list[tuple[str, int, int]]]:
    """One labelled text of set ``kind``: two or three sentences and a line of prose."""
    templates, prose = {
        "police": (POLICE_TEMPLATES, POLICE_PROSE),
        "general": (GENERAL_TEMPLATES, GENERAL_PROSE),
        "address": (ADDRESS_TEMPLATES, POLICE_PROSE),
    }[kind]
    pieces = [rng.choice(prose)] + [rng.choice(templates) for _ in range(rng.randrange(2, 4))]
    rng.shuffle(pieces)
    text, spans = "", []
    for piece in pieces:
        filled, found = fill(piece, kind, rng)
        offset = len(text) + (1 if text else 0)
        text = f"{text} {filled}" if text else filled
        spans += [(label, s + offset, e + offset) for label, s, e in found]
    return text, spans
