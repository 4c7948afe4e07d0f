"""The demo team, seeded through the real services: learning history, competency evidence,
reviews, mentoring and notes (content/). Only `bootstrap.database` calls it."""
