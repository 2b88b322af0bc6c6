# The README's two commands, read from its first ```sh block so that CI and
# the fresh-machine proof run exactly what a newcomer reads. Sourced by
# .ci/run and tools/setup/fresh_machine.sh; sets:
#   COURSE_CMD  the command that runs the course (…task course)
#   TEST_CMD    the command that runs the tests (…task test)
#   DENO        the Deno they run, e.g. `npx --yes deno@2.9.6`
# Usage: readme_commands README_PATH

readme_commands() {
  local readme="$1" lines
  lines=$(awk '/^```sh[[:space:]]*$/ && !done { inside = 1; next }
               inside && /^```/ { inside = 0; done = 1 }
               inside' "$readme" |
    sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d')
  if [ "$(printf '%s\n' "$lines" | wc -l)" -ne 2 ]; then
    echo "readme_commands: the first sh block of $readme must hold exactly two commands" >&2
    return 1
  fi
  COURSE_CMD=$(printf '%s\n' "$lines" | sed -n 1p)
  TEST_CMD=$(printf '%s\n' "$lines" | sed -n 2p)
  case "$COURSE_CMD" in *" task course") ;; *)
    echo "readme_commands: the first command must end in 'task course': $COURSE_CMD" >&2
    return 1 ;;
  esac
  case "$TEST_CMD" in *" task test") ;; *)
    echo "readme_commands: the second command must end in 'task test': $TEST_CMD" >&2
    return 1 ;;
  esac
  DENO=${TEST_CMD% task test}
  if [ "${COURSE_CMD% task course}" != "$DENO" ]; then
    echo "readme_commands: both commands must run the same Deno ($DENO)" >&2
    return 1
  fi
}
