"""The demo database's tables: SQL-Server-style names and columns, as an agency's look."""

from __future__ import annotations

#: Table name -> column definitions, in creation and insertion order.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Employees", (
        "EmployeeID INTEGER PRIMARY KEY", "BadgeNo TEXT", "LastName TEXT", "FirstName TEXT",
        "MiddleName TEXT", "Nickname TEXT", "DOB TEXT", "Race TEXT", "Sex TEXT",
        "HireDate TEXT", "Rank TEXT", "Unit TEXT", "HomeStreet TEXT", "HomeCity TEXT",
        "HomeState TEXT", "HomeZip TEXT", "HomePhone TEXT", "CellPhone TEXT", "Email TEXT",
        "SSN TEXT", "DLNumber TEXT", "Status TEXT")),
    ("Citizens", (
        "CitizenID INTEGER PRIMARY KEY", "LastName TEXT", "FirstName TEXT", "MiddleName TEXT",
        "MaidenName TEXT", "Nickname TEXT", "DOB TEXT", "Race TEXT", "Sex TEXT",
        "Street TEXT", "Apt TEXT", "City TEXT", "State TEXT", "Zip TEXT", "Phone TEXT",
        "AltPhone TEXT", "Email TEXT", "SSN TEXT", "DLNumber TEXT")),
    ("Incidents", (
        "IncidentID INTEGER PRIMARY KEY", "IncidentNumber TEXT", "IncidentType TEXT",
        "ReceivedDate TEXT", "OccurredDate TEXT", "District TEXT", "Location TEXT",
        "ServiceType TEXT", "HowReceived TEXT", "Synopsis TEXT", "Status TEXT",
        "LastModified TEXT")),
    ("IncidentOfficers", (
        "IncidentOfficerID INTEGER PRIMARY KEY", "IncidentID INTEGER", "EmployeeID INTEGER",
        "RoleCode TEXT")),
    ("IncidentCitizens", (
        "IncidentCitizenID INTEGER PRIMARY KEY", "IncidentID INTEGER", "CitizenID INTEGER",
        "RoleCode TEXT")),
    ("Allegations", (
        "AllegationID INTEGER PRIMARY KEY", "IncidentID INTEGER", "EmployeeID INTEGER",
        "CitizenID INTEGER NULL", "AllegCode TEXT", "Finding TEXT", "FindingDate TEXT",
        "Discipline TEXT")),
    ("UseOfForce", (
        "UOFID INTEGER PRIMARY KEY", "IncidentID INTEGER", "EmployeeID INTEGER",
        "CitizenID INTEGER", "ForceType TEXT", "ForceReason TEXT", "SubjectResistance TEXT",
        "OfficerInjured TEXT", "SubjectInjured TEXT", "SubjectHospitalized TEXT",
        "ArrestMade TEXT", "Disposition TEXT")),
    ("Shootings", (
        "ShootingID INTEGER PRIMARY KEY", "IncidentID INTEGER", "EmployeeID INTEGER",
        "CitizenID INTEGER", "OfficerWeapon TEXT", "ShotsFired INTEGER", "SubjectArmed TEXT",
        "SubjectWeapon TEXT", "SubjectHit TEXT", "SubjectKilled TEXT", "OfficerInjured TEXT",
        "Disposition TEXT")),
    ("Pursuits", (
        "PursuitID INTEGER PRIMARY KEY", "IncidentID INTEGER", "EmployeeID INTEGER",
        "SuspectCitizenID INTEGER NULL", "Reason TEXT", "Termination TEXT",
        "DurationMinutes REAL", "DistanceMiles REAL", "MaxSpeed INTEGER", "Crash TEXT",
        "Injuries INTEGER", "Disposition TEXT")),
    ("AssaultsOnOfficers", (
        "AssaultID INTEGER PRIMARY KEY", "IncidentID INTEGER", "EmployeeID INTEGER",
        "CitizenID INTEGER", "Weapon TEXT", "OfficerInjury TEXT", "ServiceType TEXT")),
)
TABLE_NAMES: tuple[str, ...] = tuple(name for name, _ in TABLES)
FK_COLUMNS = ("IncidentID", "EmployeeID", "CitizenID", "SuspectCitizenID")
