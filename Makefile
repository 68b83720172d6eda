# Convenience wrappers; each target is one script in scripts/.
.PHONY: bootstrap format lint typecheck test bench check
bootstrap: ; scripts/bootstrap
format: ; scripts/format
lint: ; scripts/lint
typecheck: ; scripts/typecheck
test: ; scripts/test
bench: ; scripts/bench
check: ; scripts/check
