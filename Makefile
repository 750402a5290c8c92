.PHONY: run test assets
run:
	@scripts/dev run
test:
	@scripts/dev test
assets:
	@scripts/assets.sh
