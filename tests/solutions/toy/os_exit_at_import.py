"""Ends the test process while being imported."""

import os

os._exit(0)
