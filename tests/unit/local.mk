# tests/unit/local.mk: C unit tests, run by `make check` through automake's TAP driver.
