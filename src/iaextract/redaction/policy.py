"""Deciding each field's treatment: schema default, agency policy, explicit overrides.

Fails closed: a treatment the field's sensitivity does not allow is an error, not
a warning, and a field nobody decided about keeps its safe default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iaextract.config import PolicyConfig
from iaextract.errors import Problem, RedactionError, did_you_mean
from iaextract.schema import DATASETS, Dataset, Field, Kind, Sensitivity, Treatment


@dataclass(frozen=True)
class FieldTreatment:
    """The decided treatment of one field, and why (for the manifest)."""

    field: Field
    treatment: Treatment
    reason: str

    def describe(self, policy: PolicyConfig) -> str:
        """In words, e.g. 'generalised to month' or 'age banded'."""
        if self.treatment is Treatment.GENERALISE:
            return {Kind.DATE: f"generalised to {policy.date_precision}",
                    Kind.AGE: "banded (age)", Kind.YEARS: "banded (years of service)",
                    Kind.ADDRESS: "generalised to 100 block"}.get(self.field.kind, "generalised")
        return {Treatment.KEEP: "kept", Treatment.DROP: "dropped",
                Treatment.PSEUDONYM: "pseudonymised (HMAC-SHA256)",
                Treatment.SCRUB: "scrubbed"}[self.treatment]

    @property
    def published_type(self) -> str:
        if self.treatment in (Treatment.PSEUDONYM, Treatment.SCRUB, Treatment.GENERALISE):
            return "string"
        return self.field.type


def _policy_treatment(field: Field, policy: PolicyConfig) -> tuple[Treatment, str]:
    if field.sensitivity is Sensitivity.FREE_TEXT:
        if policy.narratives == "scrub":
            return Treatment.SCRUB, "policy.narratives = scrub"
        return Treatment.DROP, "policy.narratives = drop"
    if field.kind is Kind.ADDRESS and field.sensitivity is Sensitivity.PERSONAL:
        if policy.addresses == "block":
            return Treatment.GENERALISE, "policy.addresses = block"
        return Treatment.DROP, "policy.addresses = drop"
    if field.officer_identity:
        if policy.officer_identity == "named":
            return Treatment.KEEP, "policy.officer_identity = named"
        return Treatment.DROP, f"policy.officer_identity = {policy.officer_identity}"
    if field.entity == "officer" and policy.officer_identity == "none":
        return Treatment.DROP, "policy.officer_identity = none"
    return field.default_treatment, "schema default"


def _allowed(field: Field, policy: PolicyConfig) -> frozenset[Treatment]:
    allowed = field.allowed
    if field.officer_identity and policy.officer_identity != "named":
        allowed = allowed - {Treatment.KEEP}
    if field.kind is Kind.ADDRESS:
        allowed = allowed | {Treatment.GENERALISE}
    return allowed


def decide_treatments(dataset: Dataset, policy: PolicyConfig) -> list[FieldTreatment]:
    """The treatment of every field of ``dataset``; RedactionError if an override is unsafe."""
    decided, problems = [], []
    for field in dataset.fields:
        treatment, reason = _policy_treatment(field, policy)
        override = policy.fields.get(f"{dataset.name}.{field.name}")
        if override is not None:
            if override.treatment not in _allowed(field, policy):
                allowed = ", ".join(sorted(t.value for t in _allowed(field, policy)))
                problems.append(Problem(
                    "treatment-not-allowed", f"policy.fields.\"{dataset.name}.{field.name}\": "
                    f"{override.treatment.value} is not allowed for a {field.sensitivity.value}"
                    " field", hint=f"allowed: {allowed}"))
                continue
            treatment, reason = override.treatment, f"override: {override.reason}"
        decided.append(FieldTreatment(field, treatment, reason))
    if problems:
        raise RedactionError("the redaction policy is not safe", problems)
    return decided


def check_overrides(policy: PolicyConfig, datasets: Iterable[str] = DATASETS) -> None:
    """Every ``[policy.fields]`` key must name a real dataset.field."""
    problems = []
    known = {f"{d}.{f.name}" for d in datasets for f in DATASETS[d].fields}
    for key in policy.fields:
        if key not in known:
            problems.append(Problem("unknown-field", f"policy.fields.\"{key}\" names no field",
                                    hint=did_you_mean(key, known)))
    if problems:
        raise RedactionError("the redaction policy names unknown fields", problems)
