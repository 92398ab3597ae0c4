# awk -f bench/thread-summary.awk DUMP (bench/run.sh runs it on the dumps THREAD_DUMPS=N takes).
# Summarises a thread dump, from jcmd Thread.print or jcmd Thread.dump_to_file (text): virtual threads
# grouped by state and innermost Postcard frame (dump_to_file only), and for each of Postcard's own platform
# threads its state, top frame and innermost Postcard frame.
function flush() {
  if (name == "") return
  if (virtual) {
    key = state " " (pc != "" ? pc : (top != "" ? top : "(no frames)"))
    v[key]++
  } else if (name ~ /^"postcard-/) {
    p[name " " state " " top (pc != "" && pc != top ? " <- " pc : "")]++
  }
  name = ""
}
function frame(f) {
  sub(/\(.*/, "", f); sub(/^java\.base\//, "", f)
  if (top == "") top = f
  if (pc == "" && f ~ /^dev\.postcard\./) pc = f
}
# jcmd Thread.dump_to_file: #26 "name" [virtual] STATE time
/^#[0-9]+ "/ {
  flush()
  match($0, /"[^"]*"/); name = substr($0, RSTART, RLENGTH)
  rest = substr($0, RSTART + RLENGTH + 1)
  virtual = (rest ~ /^virtual /); split(rest, w, " "); state = virtual ? w[2] : w[1]
  top = ""; pc = ""; next
}
# jcmd Thread.print: "name" #26 [tid] daemon ... then "   java.lang.Thread.State: STATE"
/^"/ {
  flush()
  match($0, /^"[^"]*"/); name = substr($0, RSTART, RLENGTH)
  virtual = 0; state = "?"; top = ""; pc = ""; next
}
/^   java\.lang\.Thread\.State: / { state = $2; next }
/^    at / { frame($2); next }
/^\tat / { frame($2); next }
/^$/ { if (!virtual) flush() }
END {
  flush()
  if (length(v) > 0) {
    print "virtual threads (state, innermost Postcard frame):"
    for (k in v) printf "  %4d  %s\n", v[k], k | "sort -rn"
    close("sort -rn")
  }
  print "Postcard platform threads (state, top frame <- innermost Postcard frame):"
  for (k in p) printf "  %4d  %s\n", p[k], k | "sort -rn"
  close("sort -rn")
}
