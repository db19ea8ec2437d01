"""Documented vocabularies: the only values a coded open-schema field may hold.

An agency's own codes are mapped onto these in its mapping file (checked when the
mapping is validated), so every agency publishes ``Sustained``, never ``SUS`` or ``S``.
Fields whose categories differ too much between agencies (allegation, rank, unit,
district) have no fixed vocabulary and publish the agency's labels.
"""

from __future__ import annotations

RACES = ("White", "Black", "Hispanic", "Asian", "American Indian", "Pacific Islander",
         "Other", "Unknown")
SEXES = ("Male", "Female", "Nonbinary", "Unknown")

FINDINGS = ("Sustained", "Not Sustained", "Exonerated", "Unfounded", "Withdrawn", "Pending",
            "Administratively Closed", "Other")
DISCIPLINE = ("None", "Counselling", "Written reprimand", "Suspension", "Demotion",
              "Termination", "Resigned", "Other")
COMPLAINT_TYPES = ("Citizen", "Internal")
COMPLAINT_SOURCES = ("Phone", "In person", "Email", "Online form", "Mail",
                     "Internal referral", "Other")

#: Outcome of the agency's review of a use of force, shooting or pursuit.
DISPOSITIONS = ("Justified", "Not justified", "Pending", "Other")

SERVICE_TYPES = ("Call for service", "Self-initiated", "Traffic stop", "Warrant", "Off duty",
                 "Other")

FORCE_TYPES = ("Hands / empty hand", "Takedown", "OC spray", "Conducted energy weapon",
               "Baton", "Canine", "Firearm pointed", "Firearm discharged", "Neck restraint",
               "Other")
FORCE_REASONS = ("Effect arrest", "Overcome resistance", "Self-defense", "Prevent escape",
                 "Defend another person", "Other")
RESISTANCE = ("None", "Passive", "Active", "Aggressive", "Other")

OFFICER_WEAPONS = ("Handgun", "Rifle", "Shotgun", "Other")
#: What a subject was armed with (shootings, assaults on officers).
SUBJECT_WEAPONS = ("Firearm", "Knife or cutting instrument", "Other dangerous weapon",
                   "Vehicle", "Replica or toy gun", "Hands, fists, feet", "Unarmed",
                   "Unknown", "Other")
INJURY_LEVELS = ("None", "Minor", "Serious", "Fatal", "Unknown")

PURSUIT_REASONS = ("Traffic violation", "Misdemeanor", "Felony", "Stolen vehicle",
                   "Impaired driving", "Other")
PURSUIT_TERMINATIONS = ("Suspect stopped", "Suspect crashed", "Tire deflation device",
                        "Intervention maneuver (PIT)", "Terminated by officer",
                        "Terminated by supervisor", "Suspect escaped", "Other")

OFFICER_STATUSES = ("Active", "On leave", "Separated", "Retired", "Other")
