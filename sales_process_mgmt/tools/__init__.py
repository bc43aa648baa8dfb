# Plain-Python helpers (no Odoo import): see scoring.py.
