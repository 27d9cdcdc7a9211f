#!/usr/bin/env bash
# One node of the OpenSSH baselines: "ssh user@host -p port '$REMOTE'" for a target written user@host:port.
# Shared by the sequential loop and the xargs fan-out so both run exactly the same command per node.
t=$1
u=${t%%@*}
hp=${t#*@}
# shellcheck disable=SC2086  # SSH_OPTS is a list of options
exec ssh -n $SSH_OPTS -p "${hp##*:}" "$u@${hp%:*}" "$REMOTE"
