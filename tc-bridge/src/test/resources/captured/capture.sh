#!/bin/bash
# Re-captures the real kernel output the parser tests read (run as root on a Linux box; touches only two scratch
# namespaces it creates and deletes). Layout: namespace A ("the application's") holds netfault-owned objects of fault
# 1a2b3c4d next to foreign look-alikes; B is the peer at 198.51.100.2 / 2001:db8::2.
# Counters differ from run to run (ARP, ND): after a re-capture, update the expected counters in StateReaderTest.
set -euo pipefail
cd "$(dirname "$0")"
A=nfkrcA$RANDOM B=nfkrcB$RANDOM
trap 'ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null' EXIT
ip netns add $A; ip netns add $B
a() { ip netns exec $A "$@"; }
b() { ip netns exec $B "$@"; }
ip -n $A link add va type veth peer name vb netns $B
a ip addr add 198.51.100.1/24 dev va; a ip addr add 2001:db8::1/64 dev va nodad
b ip addr add 198.51.100.2/24 dev vb; b ip addr add 2001:db8::2/64 dev vb nodad
for l in lo va; do a ip link set $l up; done; for l in lo vb; do b ip link set $l up; done
# foreign look-alikes
a ip link add mq0 numtxqueues 2 numrxqueues 2 type ifb; a ip link set mq0 up
a ip link add app0 type ifb; a ip link add nfx type ifb; a ip link add NETFAULTX type ifb
a tc qdisc add dev app0 root handle 1: htb default 10
a tc class add dev app0 parent 1: classid 1:10 htb rate 100mbit
a iptables -N APP-IN; a iptables -A APP-IN -p tcp --dport 8080 -j ACCEPT; a iptables -A INPUT -j APP-IN
a iptables -N NETFAULTX; a iptables -A NETFAULTX -j RETURN; a iptables -A OUTPUT -j NETFAULTX
a nft add table inet app; a nft add chain inet app out '{ type filter hook output priority 10; }'
a nft add rule inet app out ip daddr 198.51.100.3 counter accept
a nft add table netdev netfault_x
a ipset create appset hash:ip
# netfault-owned, fault 1a2b3c4d
F=1a2b3c4d
a tc qdisc add dev va root handle 4e46: htb default 1
a tc class add dev va parent 4e46: classid 4e46:1 htb rate 1gbit
a tc qdisc add dev va parent 4e46:1 handle 4e47: pfifo limit 1000
a ip link add nf${F}i type ifb; a ip link add nf${F}d type ifb; a ip link set nf${F}i up
a tc qdisc add dev va handle ffff: ingress
a tc filter add dev va parent ffff: protocol ip pref 1 u32 match ip src 198.51.100.2/32 action mirred egress redirect dev nf${F}i
a tc qdisc add dev app0 clsact
a tc filter add dev app0 egress protocol ip pref 7 u32 match ip dst 198.51.100.7/32 action mirred egress redirect dev nf${F}d
a tc filter add dev app0 egress protocol ip pref 8 u32 match ip dst 198.51.100.8/32 action mirred egress mirror dev nfx
for T in iptables ip6tables; do
  a $T -N NETFAULT-$F
  a $T -A NETFAULT-$F -p udp --dport 9 -m comment --comment netfault:$F -m time --datestop 2037-01-01T00:00:00 --utc -j DROP
  a $T -I INPUT 1 -m comment --comment netfault:$F -j NETFAULT-$F
done
a iptables -I OUTPUT 1 -p udp --dport 9 -m comment --comment netfault:$F -m time --datestop 2037-01-01T00:00:00 --utc -j DROP
TZ=UTC a nft -f - <<NFT
table netdev netfault_$F {
  chain egress {
    type filter hook egress device "va" priority 0; policy accept;
    meta time < "2037-01-01 00:00:00" ip daddr 198.51.100.9 counter drop
  }
}
NFT
a ipset create nf$F-src hash:net; a ipset add nf$F-src 198.51.100.0/28
# traffic: 5 UDP datagrams B->A port 9 (dropped on INPUT), 3 A->B port 9 (OUTPUT), 4 A->198.51.100.9 (nft), 2 IPv6
for i in 1 2 3 4 5; do b bash -c 'echo x > /dev/udp/198.51.100.1/9' || true; done
for i in 1 2 3; do a bash -c 'echo x > /dev/udp/198.51.100.2/9' 2>/dev/null || true; done
a ip neigh replace 198.51.100.9 lladdr 02:00:00:00:00:09 dev va
for i in 1 2 3 4; do a bash -c 'echo x > /dev/udp/198.51.100.9/53' || true; done
for i in 1 2; do b bash -c 'echo x > /dev/udp/2001:db8::1/9' || true; done
sleep 0.2
a iptables -V > iptables-V.txt
a ip6tables -V > ip6tables-V.txt
a ip -j link show > ip-link.json
a ip -s -d -j link show > ip-sd-link.json
a tc -j qdisc show > tc-qdisc.json
a tc -s -j qdisc show > tc-s-qdisc.json
a tc -j filter show dev va ingress > tc-filter-va-ingress.json
a tc -j filter show dev app0 egress > tc-filter-app0-egress.json
a tc -j filter show dev app0 ingress > tc-filter-app0-ingress.json
a tc filter show dev va ingress > tc-filter-va-ingress.txt
a tc filter show dev app0 egress > tc-filter-app0-egress.txt
a iptables-save -c | sed '/^#/d' > iptables-save-c.txt
a ip6tables-save -c | sed '/^#/d' > ip6tables-save-c.txt
a nft -j list ruleset > nft-ruleset.json
a ipset list -t > ipset-list-t.txt
# what the capability probe reads back (in B, on scratch links named as the probe names them)
P=nf00000001p Q=nf00000002p
b ip link add $P type ifb; b ip link add $Q type ifb
b ip -d -j link show dev $P > probe-ip-link-ifb.json
b tc qdisc add dev $P root handle 4e46: netem delay 1ms 2> probe-netem-stderr.txt || true
b tc qdisc add dev $P root handle 4e46: htb default 1; b tc -j qdisc show dev $P > probe-tc-qdisc-htb.json
b tc qdisc del dev $P root handle 4e46:
b tc qdisc add dev $P root handle 4e46: tbf rate 1mbit burst 18432 limit 65536; b tc -j qdisc show dev $P > probe-tc-qdisc-tbf.json
b tc qdisc del dev $P root handle 4e46:
b tc qdisc add dev $P clsact; b tc -j qdisc show dev $P > probe-tc-qdisc-clsact.json
b tc filter add dev $P egress protocol ip pref 1 u32 match ip dst 198.51.100.1/32 action mirred egress redirect dev $P
b tc filter add dev $P egress protocol all pref 2 bpf bytecode '4,32 0 0 4294963220,21 0 1 20038,6 0 0 4294967295,6 0 0 0,' classid 1:1
b tc -j filter show dev $P egress > probe-tc-filter-u32.json
b tc qdisc add dev $Q clsact
b tc filter add dev $Q egress protocol ip pref 1 u32 match mark 0x4e46 0xffff action mirred egress redirect dev $Q
b tc -j filter show dev $Q egress > probe-tc-filter-u32-without-key.json
TZ=UTC b nft -f - <<NFT
table netdev netfault_00000001 {
  chain e {
    type filter hook egress device "$P" priority 0; policy accept;
    meta time < "2037-01-01 00:00:00" counter
  }
}
NFT
b nft -j list table netdev netfault_00000001 > probe-nft-table.json
printf '*filter\n:NETFAULT-00000001 - [0:0]\n-A NETFAULT-00000001 -m time --datestop 2037-01-01T00:00:00 --utc -j DROP\n-A NETFAULT-00000001 -m comment --comment netfault:00000001 -j DROP\nCOMMIT\n' | b iptables-restore -w 5 --noflush
b iptables -w 5 -S NETFAULT-00000001 > probe-iptables-S.txt
b ipset create nf00000001-probe hash:net; b ipset list -t nf00000001-probe > probe-ipset-list-t.txt
echo captured into $(pwd)
