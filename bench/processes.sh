# Stopping what a benchmark script started, shared by the scripts of bench/ (sourced, not run).

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop_pid() { # TERM, up to 15 s to end, then KILL
  local pid="$1" i; alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do alive "$pid" || break; sleep 0.1; done
  alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_postmaster() { # PostgreSQL's fast shutdown (INT), up to 10 s, then KILL
  local pid="$1" i; alive "$pid" || return 0
  kill -INT "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
