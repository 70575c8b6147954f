// Ready-to-paste configuration that lets Apple's notification senders (17.0.0.0/8, the only range
// Apple documents, for sandbox and production alike) reach the webhook path. Content, not diagnostics.
import { APPLE_RANGE } from '../url/address-classes.js';

export interface SnippetParams {
  /** The notification path, e.g. /apple/notifications. */
  path: string;
  port: number;
}

export interface Snippet {
  id: string;
  aliases: string[];
  title: string;
  /** Language hint for Markdown fences (sh, nginx, json, yaml …). */
  lang: string;
  text: string;
  notes: string[];
}

type Builder = (p: SnippetParams) => Omit<Snippet, 'id' | 'aliases'>;

const R = APPLE_RANGE;

const BUILDERS: [string, string[], Builder][] = [
  [
    'nginx',
    [],
    (p) => ({
      title: 'nginx (ngx_http_access_module; realip behind a proxy)',
      lang: 'nginx',
      text: `location = ${p.path} {
    allow ${R};
    deny  all;
    client_max_body_size 1m;     # real notifications are ~18 KB; keep at least 64k
    proxy_pass http://app;
}
# Behind a load balancer or CDN, restore the client address first (trust only your proxies):
set_real_ip_from 10.0.0.0/8;     # your LB / CDN ranges
real_ip_header   X-Forwarded-For; # Cloudflare: CF-Connecting-IP
real_ip_recursive on;`,
      notes: [],
    }),
  ],
  [
    'apache',
    ['httpd'],
    (p) => ({
      title: 'Apache 2.4 (mod_authz_host; mod_remoteip behind a proxy)',
      lang: 'apache',
      text: `<Location "${p.path}">
    Require ip ${R}
</Location>
# behind a proxy:
RemoteIPHeader X-Forwarded-For
RemoteIPTrustedProxy 10.0.0.0/8`,
      notes: [],
    }),
  ],
  [
    'aws-sg',
    ['aws', 'security-group'],
    (p) => ({
      title: 'AWS security group (whole port; put it on the load balancer if there is one)',
      lang: 'sh',
      text: `aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 \\
  --protocol tcp --port ${p.port} --cidr ${R}`,
      notes: ['Behind an ALB the instance only sees the ALB: restrict the ALB’s security group, not the instance’s.'],
    }),
  ],
  [
    'aws-waf',
    ['aws', 'waf'],
    (p) => ({
      title: 'AWS WAF v2 (IP set + a path-scoped Allow rule before the managed rule groups)',
      lang: 'sh',
      text: `aws wafv2 create-ip-set --name apple-notifications --scope REGIONAL \\
  --ip-address-version IPV4 --addresses ${R}
# Rule (priority 0, before AWSManagedRulesCommonRuleSet and Bot Control):
# { "Name": "allow-apple-notifications", "Priority": 0, "Action": { "Allow": {} },
#   "Statement": { "AndStatement": { "Statements": [
#     { "IPSetReferenceStatement": { "ARN": "<ip set ARN>" } },
#     { "ByteMatchStatement": { "FieldToMatch": { "UriPath": {} }, "PositionalConstraint": "EXACTLY",
#       "SearchString": "${p.path}", "TextTransformations": [{ "Priority": 0, "Type": "NONE" }] } } ] } },
#   "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "apple" } }`,
      notes: [
        'The Core Rule Set blocks bodies over 8 KB (SizeRestrictions_BODY); real notifications are ~18 KB. Without the Allow rule, override SizeRestrictions_BODY to Count for this path.',
      ],
    }),
  ],
  [
    'cloudflare',
    ['cf'],
    (p) => ({
      title: 'Cloudflare (WAF custom rule, action Skip)',
      lang: 'text',
      text: `Expression: (ip.src in {${R}} and http.request.uri.path eq "${p.path}")
Action:     Skip — all remaining custom rules, rate limiting, managed rules, Super Bot Fight Mode`,
      notes: [
        'Free plan Bot Fight Mode cannot be skipped by WAF rules: turn it off, or add an IP Access rule (Allow) for AS714 — IP Access rules take only /16 and /24 ranges, so 17.0.0.0/8 itself cannot be entered (AS714 = 17.0.0.0/8 is not confirmed).',
        'Also check Under Attack Mode, Browser Integrity Check and country blocks; at the origin, restore the client address from CF-Connecting-IP.',
      ],
    }),
  ],
  [
    'gcp',
    ['cloud-armor', 'google'],
    (p) => ({
      title: 'GCP Cloud Armor',
      lang: 'sh',
      text: `gcloud compute security-policies rules create 900 --security-policy=webhooks \\
  --expression="request.path.matches('^${p.path.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&')}$') && !inIpRange(origin.ip, '${R}')" \\
  --action=deny-403
# or a plain allow rule: --src-ip-ranges=${R} --action=allow`,
      notes: ['Cloud Run also needs allUsers as roles/run.invoker, or it answers 403 before Cloud Armor matters.'],
    }),
  ],
  [
    'iptables',
    [],
    (p) => ({
      title: 'iptables (whole port)',
      lang: 'sh',
      text: `iptables -A INPUT -p tcp --dport ${p.port} -s ${R} -j ACCEPT
iptables -A INPUT -p tcp --dport ${p.port} -j DROP`,
      notes: ['Port-wide: everything else on this port is blocked too. Prefer a dedicated port (≥ 1024) or a path rule in the proxy.'],
    }),
  ],
  [
    'nftables',
    ['nft'],
    (p) => ({
      title: 'nftables (whole port)',
      lang: 'nft',
      text: `table inet filter {
  chain input { type filter hook input priority 0; policy accept;
    tcp dport ${p.port} ip saddr ${R} accept
    tcp dport ${p.port} drop
  }
}`,
      notes: [],
    }),
  ],
  [
    'kubernetes',
    ['k8s', 'ingress', 'ingress-nginx'],
    (p) => ({
      title: 'Kubernetes ingress-nginx (a separate Ingress for the webhook path)',
      lang: 'yaml',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: apple-notifications
  annotations:
    nginx.ingress.kubernetes.io/allowlist-source-range: "${R}"
spec:
  ingressClassName: nginx
  rules:
    - host: hooks.example.com
      http:
        paths:
          - path: ${p.path}
            pathType: Exact
            backend: { service: { name: app, port: { number: 80 } } }`,
      notes: [
        'The controller must see the real client address: externalTrafficPolicy: Local on its Service, PROXY protocol, or use-forwarded-headers with trusted proxies — otherwise everything gets 403.',
        'Older ingress-nginx releases only know the former name of the annotation, nginx.ingress.kubernetes.io/whitelist-source-range.',
      ],
    }),
  ],
];

export const SNIPPET_IDS = BUILDERS.map(([id]) => id);

function allSnippets(p: SnippetParams): Snippet[] {
  return BUILDERS.map(([id, aliases, build]) => ({ id, aliases, ...build(p) }));
}

/** The snippet for a target name or alias (case-insensitive); undefined when unknown. */
export function findSnippets(target: string, p: SnippetParams): Snippet[] | undefined {
  const t = target.toLowerCase();
  if (t === 'all') return allSnippets(p);
  const found = allSnippets(p).filter((s) => s.id === t || s.aliases.includes(t));
  return found.length ? found : undefined;
}

export const FORWARDED_FOR_PITFALL = [
  'Behind a CDN or load balancer your origin sees the proxy’s address, so `allow 17.0.0.0/8` at the origin blocks Apple too.',
  'Restore the client address only from a header your own proxy sets (nginx set_real_ip_from + real_ip_header, Apache mod_remoteip, Express `trust proxy`).',
  'Never trust a raw X-Forwarded-For: anyone can send `X-Forwarded-For: 17.0.0.1`. Verify the JWS signature of every notification; the allow-list is defence in depth.',
];
