import { Tag, Typography } from 'antd';
import { FileOutlined, LinkOutlined } from '@ant-design/icons';
import type { EvidenceLink } from './types';

/** Only web addresses open as links; anything else (javascript:, data:) is shown as text. */
function safeUrl(ref: string): URL | null {
  try {
    const u = new URL(ref);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

function shortUrl(u: URL): string {
  const path = u.pathname === '/' ? '' : u.pathname;
  return `${u.hostname}${path}`;
}

/** One line, cut with an ellipsis; the full address is in the title. */
const ONE_LINE = { display: 'block', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

/** Evidence of one indicator: disclosure-page URLs (new tab) and uploaded files. */
export function EvidenceLinks(props: { evidence: EvidenceLink[]; missing?: boolean }) {
  if (props.evidence.length === 0) {
    return props.missing ? <Tag color="warning">缺少佐证</Tag> : <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <div style={{ minWidth: 0 }}>
      {props.evidence.map((e, i) => {
        if (e.type === 'file') {
          return (
            <a key={`f-${e.ref}-${i}`} href={`/api/evidence/${encodeURIComponent(e.ref)}`} target="_blank" rel="noopener noreferrer" title={`佐证文件 ${e.ref}`} style={ONE_LINE}>
              <FileOutlined /> 佐证文件 {e.ref.slice(0, 8)}
            </a>
          );
        }
        const u = safeUrl(e.ref);
        if (!u) {
          return (
            <Typography.Text key={`u-${e.ref}-${i}`} type="secondary" title="不是有效的网址" style={ONE_LINE}>
              {e.ref}
            </Typography.Text>
          );
        }
        return (
          <a key={`u-${e.ref}-${i}`} href={u.href} target="_blank" rel="noopener noreferrer" title={`${u.href}（在新窗口打开）`} style={ONE_LINE}>
            <LinkOutlined /> {shortUrl(u)}
          </a>
        );
      })}
      {props.missing && <Tag color="warning">佐证不全</Tag>}
    </div>
  );
}
