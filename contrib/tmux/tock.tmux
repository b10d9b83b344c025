#!/bin/sh
# tock.tmux — tock in tmux: the running timer in status-right, and keys for tock in a popup,
# starting/stopping the timer and picking what to start. Load it with TPM
# (set -g @plugin 'owner/tock' — TPM runs every *.tmux file of the plugin) or by hand:
#   run-shell /usr/share/tock/tmux/tock.tmux
# Options, set before it runs (every one has a default):
#   @tock-format       the status text, as `tock status --format` reads it     (%k %e)
#   @tock-status       on: add the timer to the left of status-right; off: leave it alone  (on)
#   @tock-key          prefix + key: tock's weekly grid in a popup             (T)
#   @tock-toggle-key   prefix + key: stop the timer, or continue the latest entry (C-t)
#   @tock-pick-key     prefix + key: pick a client/project in a popup and start its timer (S)
#   @tock-popup-size   the popups' width and height                            (90%)
#   @tock-bin          the tock to run                                         (tock)
# A key set to "" is not bound. Running the file again changes nothing twice.

option() {
    # An option that is set (even to "") wins over the default.
    if tmux show-options -gq "$1" | grep -q .; then
        tmux show-options -gqv "$1"
    else
        printf '%s\n' "$2"
    fi
}

# A word for the shell that tmux runs commands with: single-quoted unless it is plain.
quote() {
    case "$1" in
    *[!A-Za-z0-9/._-]* | "") printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
    esac
}

tock=$(option @tock-bin tock)
format=$(option @tock-format '%k %e')
size=$(option @tock-popup-size 90%)
key=$(option @tock-key T)
toggle_key=$(option @tock-toggle-key C-t)
pick_key=$(option @tock-pick-key S)
q_tock=$(quote "$tock")

if [ "$(option @tock-status on)" = on ]; then
    # tmux runs status-right through strftime first: tock's %k must reach it as %%k.
    status="#($q_tock status --format $(quote "$format" | sed 's/%/%%/g'))"
    right=$(tmux show-options -gqv status-right)
    case "$right" in
    *"tock status"* | *"tock' status"* | *"$q_tock status"*) ;;   # there already
    *) tmux set-option -g status-right "$status $right" ;;
    esac
fi

if [ -n "$key" ]; then
    tmux bind-key "$key" display-popup -E -w "$size" -h "$size" "$q_tock"
fi
if [ -n "$toggle_key" ]; then
    # What tock says (started …, stopped …, or why not) shows in the status line.
    tmux bind-key "$toggle_key" run-shell -b \
        "tmux display-message \"\$($q_tock toggle 2>&1 | head -n 1)\"; tmux refresh-client -S"
fi
if [ -n "$pick_key" ]; then
    tmux bind-key "$pick_key" display-popup -E -w "$size" -h "$size" \
        "$q_tock pick; tmux refresh-client -S"
fi
