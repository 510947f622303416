"""The catalogue contract: what a member's workbook must hold, and the checked catalogue it becomes."""
