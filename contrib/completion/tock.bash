# bash completion for tock. Every candidate comes from tock itself (`tock __complete WORDS…`,
# built from its command table and its database), so this file names no command or option.
_tock()
{
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]}
    fi
    # What was typed, unquoted: "Sprint\ 2" or 'Sprint 2' is Sprint 2.
    cur=${cur#[\"\']}
    cur=${cur//\\/}
    local IFS=$'\n' c q
    local -a out
    out=($("${words[0]}" __complete "${words[@]:1:cword-1}" "$cur" 2>/dev/null))
    COMPREPLY=()
    if [[ ${out[0]} == :file ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    for c in "${out[@]}"; do
        printf -v q '%q' "$c"
        COMPREPLY+=("$q")
        # "acme/" is a client whose projects follow: no space after it.
        [[ $c == */ ]] && compopt -o nospace 2>/dev/null
    done
    return 0
}
complete -F _tock tock
