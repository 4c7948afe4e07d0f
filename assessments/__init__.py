"""Competency ratings, intake and multi-dimensional assessments, quizzes and peer review.

Domain services and pure scoring rules over `storage`; the tables they use already exist
(`Rating`, `Assessment`, `QuizQuestion`, `QuizAttempt`). Built in the competency issue.
"""
