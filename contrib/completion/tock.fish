# fish completion for tock. Every candidate comes from tock itself (`tock __complete WORDS…`,
# built from its command table and its database), so this file names no command or option.
function __tock_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct | string unescape)
    set -l out ($words[1] __complete $words[2..-1] "$cur" 2>/dev/null)
    if test "$out[1]" = ":file"
        __fish_complete_path "$cur"
        return
    end
    printf '%s\n' $out
end
complete -c tock -f -a '(__tock_complete)'
