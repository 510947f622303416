"""Reading .xlsx files from outside: safety checks, file-kind sniffing, the sheet scan and the cell reader."""
