# results.sh: sourced by the tests/bench/*.sh measurements. `result KEY VALUE [BASELINE]`
# appends one figure (and the baseline measured beside it, in the same run) to
# $FONTAINE_RESULTS, a tab-separated file that tests/bench/summary.sh reads at the end of
# `./dev bench`: each figure is measured once, printed where it is measured, and summed up.
# Without FONTAINE_RESULTS (a script run by hand) the figures are only printed.
result() {
    [ -n "${FONTAINE_RESULTS:-}" ] || return 0
    printf '%s\t%s\t%s\n' "$1" "${2:-}" "${3:-}" >>"$FONTAINE_RESULTS"
}
