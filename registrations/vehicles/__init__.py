"""Vehicle passes: a delegation's cars, decided by accreditation, printed, scanned at
vehicle gates."""
