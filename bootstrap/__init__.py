"""Getting a database ready to serve: migrate, load the curriculum, seed the demo team.

Sits above every domain package (it composes their demo data) and below the dashboard; the
dashboard, its own CLI (`python -m bootstrap`), the tests and the benchmarks all start a
database through it.
"""
