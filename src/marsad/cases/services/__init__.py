"""Writes the observatory's users can cause, split by responsibility.

`intake`: the public's reports; `casework`: cases, their timeline and escalations;
`evidence`: files and captured links with their chain of custody; `retention`:
deleting contact data that is no longer needed.
"""
