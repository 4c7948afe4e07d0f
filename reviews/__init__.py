"""Spaced repetition: pure scheduling rules (FSRS and the fixed ladder), a person's deck and
due queue, the team's review policy and fitting, review statistics, and replaying a log.

Imports only `storage`; `python -m reviews` is its command line.
"""
