#!/usr/bin/env bash
# A two-node OpenSearch cluster on 127.0.0.1 for development and tests, run from the launcher
# that `mvn -q package` builds here (OpenSearch's Maven artifacts, no distribution download).
#
#   cluster.sh start          build the launcher if needed, start both nodes, wait for green
#   cluster.sh stop           stop both nodes
#   cluster.sh stop-node N    stop node N (1 or 2) only, the other taking its vote first
#   cluster.sh start-node N   start node N and wait until the cluster has both nodes again
#   cluster.sh status         print the cluster's health, or that no cluster answers
#
# Node N listens for HTTP on 9199+N and for transport on 9299+N. The work folder (data, logs,
# pids) is $OPENSEARCH_WORK, by default opensearch/work beside this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${OPENSEARCH_WORK:-$here/work}"
heap="${OPENSEARCH_HEAP:-512m}"
timeout="${OPENSEARCH_TIMEOUT:-180}"
cluster="zonesearch-dev"
java="${JAVA:-java}"
jar="$here/target/launcher.jar"

http_port() { echo $((9199 + $1)); }
transport_port() { echo $((9299 + $1)); }
pidfile() { echo "$work/node-$1.pid"; }

# The pid in node N's pidfile, when that process is still this launcher for node N.
live_pid() {
    local file pid
    file="$(pidfile "$1")"
    [ -f "$file" ] || return 1
    pid="$(cat "$file")"
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "-Enode.name=node-$1 " || return 1
    echo "$pid"
}

build() {
    if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src" -newer "$jar" -print -quit)" ]; then
        echo "opensearch: building the launcher (mvn -q package)"
        (cd "$here" && mvn -q -B -Dstyle.color=never package)
    fi
}

start_node() {
    local n="$1" pid
    if pid="$(live_pid "$n")"; then
        echo "opensearch: node-$n already running (pid $pid)"
        return
    fi
    if curl -s -o /dev/null "http://127.0.0.1:$(http_port "$n")"; then
        echo "opensearch: port $(http_port "$n") is taken by a process this script did not start" >&2
        exit 1
    fi
    mkdir -p "$work/node-$n"
    nohup "$java" -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC -Xss1m \
        -Dfile.encoding=UTF-8 -Djava.io.tmpdir="$work/node-$n" \
        -Dopensearch.set.netty.runtime.available.processors=false \
        -jar "$jar" \
        -Enode.name="node-$n" \
        -Epath.home="$work/node-$n" -Epath.data="$work/node-$n/data" -Epath.logs="$work/node-$n/logs" \
        -Ecluster.name="$cluster" -Enetwork.host=127.0.0.1 \
        -Ehttp.port="$(http_port "$n")" -Etransport.port="$(transport_port "$n")" \
        -Ediscovery.seed_hosts="127.0.0.1:$(transport_port 1),127.0.0.1:$(transport_port 2)" \
        -Ecluster.initial_cluster_manager_nodes=node-1,node-2 \
        -Enode.processors=1 \
        -Ecluster.routing.allocation.disk.threshold_enabled=false \
        -Ecluster.routing.allocation.node_initial_primaries_recoveries=8 \
        -Eaction.auto_create_index=false \
        > "$work/node-$n.log" 2>&1 < /dev/null &
    echo $! > "$(pidfile "$n")"
    echo "opensearch: started node-$n (pid $!, http 127.0.0.1:$(http_port "$n"), log $work/node-$n.log)"
}

# The other node of the two (1 ↔ 2).
other() { echo $((3 - $1)); }

# Ask the other node, if it runs, to take node N's vote, so that stopping N leaves a cluster
# manager: with two nodes the voting configuration holds one, and when that one stops the other
# cannot elect itself (searches go on, but the restart must form the cluster again).
hand_over_vote() {
    local n="$1" peer
    peer="$(other "$n")"
    live_pid "$n" > /dev/null && live_pid "$peer" > /dev/null || return 0
    curl -s -o /dev/null --max-time 40 -XPOST \
        "http://127.0.0.1:$(http_port "$peer")/_cluster/voting_config_exclusions?node_names=node-$n&timeout=30s" || true
}

# Clear the voting exclusions through node N, if it runs (there should be none in normal
# operation).
clear_votes() {
    local n="$1"
    live_pid "$n" > /dev/null || return 0
    curl -s -o /dev/null --max-time 40 -XDELETE \
        "http://127.0.0.1:$(http_port "$n")/_cluster/voting_config_exclusions?wait_for_removal=false" || true
}

stop_node() {
    local n="$1" pid i
    if ! pid="$(live_pid "$n")"; then
        rm -f "$(pidfile "$n")"
        return
    fi
    kill -TERM "$pid"
    for i in $(seq 1 60); do
        [ -d "/proc/$pid" ] || break
        sleep 0.5
    done
    if [ -d "/proc/$pid" ]; then
        echo "opensearch: node-$n did not stop in 30 s; killing it" >&2
        kill -KILL "$pid"
    fi
    rm -f "$(pidfile "$n")"
    echo "opensearch: stopped node-$n"
}

# Wait until node 1 reports a green cluster of $1 nodes, at most $timeout seconds.
wait_green() {
    local nodes="$1" deadline health
    deadline=$(( $(date +%s) + timeout ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        for n in 1 2; do
            # Only whether the process is there: right after the fork its command line is
            # still this script's, not yet the JVM's.
            if [ -f "$(pidfile "$n")" ] && [ ! -d "/proc/$(cat "$(pidfile "$n")")" ]; then
                echo "opensearch: node-$n exited while starting; the end of its log:" >&2
                tail -n 30 "$work/node-$n.log" >&2
                exit 1
            fi
        done
        health="$(curl -s --max-time 5 "http://127.0.0.1:$(http_port 1)/_cluster/health?wait_for_status=green&wait_for_nodes=$nodes&timeout=5s" || true)"
        if echo "$health" | grep -q '"status":"green"' && echo "$health" | grep -q "\"number_of_nodes\":$nodes,"; then
            echo "opensearch: cluster $cluster is green with $nodes nodes at http://127.0.0.1:$(http_port 1)"
            return
        fi
        sleep 2
    done
    echo "opensearch: the cluster was not green with $nodes nodes within $timeout s (last answer: ${health:-none}); logs in $work" >&2
    echo "opensearch: shards not started:" >&2
    curl -s --max-time 10 "http://127.0.0.1:$(http_port 1)/_cat/shards?h=index,shard,prirep,state,node,unassigned.reason" \
        | grep -v STARTED | head -n 20 >&2 || true
    for n in 1 2; do
        echo "opensearch: the end of node-$n's log:" >&2
        tail -n 15 "$work/node-$n.log" >&2 || true
    done
    exit 1
}

case "${1:-}" in
    start)
        build
        start_node 1
        start_node 2
        wait_green 2
        ;;
    stop)
        stop_node 2
        stop_node 1
        ;;
    stop-node)
        hand_over_vote "${2:?node number}"
        stop_node "$2"
        clear_votes "$(other "$2")"
        ;;
    start-node)
        build
        start_node "${2:?node number}"
        wait_green 2
        ;;
    status)
        curl -s --max-time 5 "http://127.0.0.1:$(http_port 1)/_cluster/health" || {
            echo "opensearch: no cluster answers at http://127.0.0.1:$(http_port 1)" >&2
            exit 1
        }
        echo
        ;;
    *)
        echo "usage: $0 start|stop|stop-node N|start-node N|status" >&2
        exit 2
        ;;
esac
