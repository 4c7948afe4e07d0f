"""Starting points for notes the team writes often: a decision record and a blameless
post-mortem. A template fills a new note's title, text and category; the writer replaces the
prompts in it with what happened."""

from __future__ import annotations

from dataclasses import dataclass

from storage.enums import NoteCategory


@dataclass(frozen=True)
class NoteTemplate:
    name: str
    title: str
    category: NoteCategory
    body: str


DECISION_RECORD = NoteTemplate(
    name="Decision record",
    title="Decision: …",
    category=NoteCategory.DECISION_RECORD,
    body="""## Status

Proposed / accepted / replaced by … (say which, and the date).

## Context

What made a decision necessary now? Name the forces at play: numbers you measured,
constraints (latency, memory, cost, people), and what happens if we decide nothing.

## Options we considered

1. **Option A** — what it is, what it costs, what it makes easy and hard.
2. **Option B** — …
3. **Do nothing** — what we keep living with.

## Decision

The option we chose, in one or two sentences a newcomer understands.

## Consequences

What becomes easier, what becomes harder, what we now have to look after, and the signal
that would make us revisit this decision.

## Who decided, and who was asked

Names and roles; link the discussion or the meeting notes.
""",
)

POST_MORTEM = NoteTemplate(
    name="Blameless post-mortem",
    title="Post-mortem: …",
    category=NoteCategory.LESSONS_LEARNED,
    body="""This review looks at how our systems and habits let the problem happen, not at who
made a mistake: everyone acted sensibly with what they knew at the time.

## Summary

What happened, for whom, for how long, in three sentences.

## Impact

Who noticed, what they could not do, and any numbers (failed searches, minutes of downtime,
wrong answers served).

## Timeline

- **hh:mm** — first sign (an alert, a message, a failed check)
- **hh:mm** — what we tried, and what we learned from it
- **hh:mm** — service back to normal

## What went well

Checks, runbooks or people that helped us find and fix it quickly.

## What made it possible

The conditions that let the problem happen or go unnoticed: gaps in tests, monitoring,
documentation or handovers. Ask "how did this make sense at the time?" rather than "who?".

## Actions

| action | owner | due |
|---|---|---|
| … | … | … |

## What we learned

The lesson someone joining next year should take from this, in a sentence or two.
""",
)

TEMPLATES = (DECISION_RECORD, POST_MORTEM)
