"""Mentoring plans, their 1:1 meetings, agendas drafted from gaps, action items and capstones.

Domain services and pure planning rules over `storage` and the layers below it; the tables
(`MentoringPlan`, `MentoringSession`, `ActionItem`, `Capstone`) already exist. Built in the
mentoring issue.
"""
