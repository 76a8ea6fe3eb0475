"""The rules of a panel session: forms, members and their access codes, the pack lifecycle, answers and the audit log.

Plain sqlite3 here, not sqlite-utils or pandas: this is imported by every member's kernel, where each
extra import costs memory and start-up time (DESIGN.md section 6).
"""
