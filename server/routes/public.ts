/**
 * `GET /public` — the published results for society (clause 六), without login: server-rendered,
 * printable HTML read only from publication snapshots. It never reads or sets a session cookie,
 * is rate-limited per address and cached until a publication or the divisions' public flag changes.
 */
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../context';
import { chinaDateOf, formatDateZh } from '../../shared/dates';
import { toFixed2 } from '../../shared/scoring';
import { publicFingerprint, publicResults, type PublicRow, type PublicYear } from '../services/department/public-results';

export const PUBLIC_RATE_LIMIT = { max: 120, timeWindow: 60_000 };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function rankingTable(caption: string, rows: PublicRow[], unitHeader: string): string {
  const body = rows
    .map((r) => `<tr><td class="n">${r.rank}</td><th scope="row">${esc(r.name)}</th><td class="n">${toFixed2(r.S)}</td><td>${esc(r.grade ?? '—')}</td></tr>`)
    .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">名次</th><th scope="col">${unitHeader}</th><th scope="col">得分</th><th scope="col">等级</th></tr></thead><tbody>${body}</tbody></table>`;
}

function yearSection(y: PublicYear): string {
  const parts = [
    `<section aria-labelledby="y${y.year}"><h2 id="y${y.year}">${y.year}年度考核结果</h2>`,
    `<p class="meta">${esc(y.title)}；${formatDateZh(chinaDateOf(y.publishedOn))}发布（第 ${y.version} 版）。得分满分 100 分。</p>`,
    rankingTable(`${y.year}年度各设区市住房城乡建设部门政务公开工作考核排名`, y.cities, '设区市'),
  ];
  if (y.divisions) parts.push(rankingTable(`${y.year}年度厅机关处室政务公开工作考核排名`, y.divisions, '处室'));
  for (const e of y.evaluations) {
    const rows = e.rows
      .map((r) => `<tr><th scope="row">${esc(r.name)}</th><td>${r.published ? '已公开' : '未公开'}</td><td class="n">${r.score === null ? '—' : esc(String(r.score))}</td></tr>`)
      .join('');
    parts.push(
      `<table><caption>${esc(e.indicator)}</caption><thead><tr><th scope="col">设区市</th><th scope="col">评价结果公开情况</th><th scope="col">绩效评价得分</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  parts.push('</section>');
  return parts.join('');
}

export function renderPublicPage(years: PublicYear[]): string {
  const content = years.length
    ? years.map(yearSection).join('')
    : '<p>尚无已发布的考核结果。考核结果经浙江省住房和城乡建设厅办公室发布后在此公开。</p>';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>政务公开工作考核结果公开 — 浙江省住房和城乡建设厅</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:0;color:#1f1f1f;background:#fff;line-height:1.6}
header{background:#8e1b1b;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
main{max-width:960px;margin:0 auto;padding:16px 24px}a{color:#0b57d0}.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;color:#000;padding:4px}
h2{font-size:20px;border-bottom:2px solid #8e1b1b;padding-bottom:4px;margin-top:32px}.meta{color:#404040}
table{border-collapse:collapse;width:100%;margin:16px 0;font-size:15px}caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border:1px solid #8c8c8c;padding:6px 8px;text-align:left}thead th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}
footer{max-width:960px;margin:0 auto;padding:16px 24px;color:#404040;font-size:14px}
@media (max-width:480px){main,footer{padding:12px}th,td{padding:4px;font-size:14px}}
@media print{header{background:none;color:#000;padding:0}.no-print{display:none}section{break-inside:avoid-page}h2{break-after:avoid}thead{display:table-header-group}}
</style></head>
<body><a class="skip" href="#main">跳到正文</a>
<header><h1>浙江省住房城乡建设系统政务公开工作考核结果</h1></header>
<main id="main">
<p>依据《浙江省住房城乡建设系统政务公开工作实施方案》第六、十四条，向社会公开经发布的年度考核结果和财政资金绩效评价结果。</p>
${content}
</main>
<footer><p class="no-print"><a href="/">工作人员登录</a></p><p>本页内容仅来自已发布的考核结果，发布后的修改不会改变本页显示的数值。</p></footer>
</body></html>`;
}

export async function publicRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  await app.register(publicScope, { services: opts.services });
}

async function publicScope(scope: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { db } = opts.services;
  await scope.register(rateLimit, {
    ...PUBLIC_RATE_LIMIT,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: `访问过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试` }),
  });
  let cached: { fingerprint: string; html: string; etag: string } | null = null;
  scope.get('/public', async (req, reply) => {
    const fingerprint = publicFingerprint(db);
    if (!cached || cached.fingerprint !== fingerprint) {
      const html = renderPublicPage(publicResults(db));
      cached = { fingerprint, html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` };
    }
    reply.header('Cache-Control', 'public, max-age=60').header('ETag', cached.etag).header('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === cached.etag) return reply.code(304).send();
    return reply.type('text/html; charset=utf-8').send(cached.html);
  });
}
