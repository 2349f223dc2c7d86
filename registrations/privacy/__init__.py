"""Personal data: erasure on request and after retention; photos served only to those entitled."""
