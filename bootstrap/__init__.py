"""Getting a database ready to serve: migrate, load the curriculum, seed the demo team.

Sits above every domain package (it composes their demo data) and below the dashboard; the
dashboard, the storage CLI, the tests and the benchmarks all start a database through it.
"""
