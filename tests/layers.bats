#!/usr/bin/env bats
# The two layers of lib/ (README "Layout"): the Makefile's LIB_BASE and
# LIB_DOMAIN name every library module once, and a base module (its .c and .h)
# includes no header of the domain. Read from the sources, no build needed.

load test_helper

# make_list <variable>: the words of a Makefile variable (continuation lines joined)
make_list() {
  sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$REPO_ROOT/Makefile" |
    sed -n "s/^$1 = //p" | tr -s ' \t' '\n' | sed '/^$/d'
}

@test "(layers) LIB_BASE and LIB_DOMAIN name every lib/*.c once" {
  local listed actual
  listed=$( { make_list LIB_BASE; make_list LIB_DOMAIN; } | sort)
  actual=$(cd "$REPO_ROOT/lib" && ls -- *.c | sed 's/\.c$//' | sort)
  [[ $(make_list LIB_BASE | wc -l) -ge 10 ]] || fail "LIB_BASE not found in the Makefile"
  assert_equal "$listed" "$actual"
  assert_equal "$(sort <<<"$listed" | uniq -d)" ""
}

@test "(layers) no base module includes a domain header" {
  local base m f h bad=""
  base=" $(make_list LIB_BASE | tr '\n' ' ') "
  for m in $(make_list LIB_BASE); do
    for f in "$REPO_ROOT/lib/$m.c" "$REPO_ROOT/lib/$m.h"; do
      [[ -f "$f" ]] || continue
      for h in $(sed -n 's/^#include "\([a-z_]*\)\.h".*/\1/p' "$f"); do
        [[ "$base" == *" $h "* ]] || bad+="${f#"$REPO_ROOT"/} includes $h.h"$'\n'
      done
    done
  done
  [[ -z "$bad" ]] || fail "base modules that include domain headers:"$'\n'"$bad"
}
