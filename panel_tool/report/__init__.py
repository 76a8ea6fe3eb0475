"""Reports for the force and the public: what the panel said, how far members agreed, and what the force did about it.

aggregate.py reads a pack (read-only) into a PackSummary of tidy tables, with small counts suppressed
for a public report; agreement.py holds the agreement statistics; the renderer lays a summary out.
"""
