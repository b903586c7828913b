import { useState } from 'react';
import { App, Button, Flex, Form, Input, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { CloseOutlined, LinkOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { IndicatorValue } from '../../../shared/report-values';
import { EVIDENCE_ACCEPT, EVIDENCE_MAX_BYTES, uploadEvidence, useEvidenceName } from './evidence';
import { evidenceHref } from './model';

/** Link to an uploaded evidence file, named by its original file name when it can be found. */
export function EvidenceFileLink({ hash, name }: { hash: string; name?: string }) {
  const q = useEvidenceName(hash, name);
  const label = name ?? q.data ?? `已上传文件（${hash.slice(0, 8)}…）`;
  return (
    <Typography.Link href={evidenceHref(hash)} target="_blank" rel="noopener noreferrer">
      <PaperClipOutlined /> {label}
    </Typography.Link>
  );
}

/** A disclosure page URL, opened in a new tab. */
export function EvidenceUrlLink({ url }: { url: string }) {
  const safe = /^https?:\/\//i.test(url);
  if (!safe) return <Typography.Text>{url}</Typography.Text>;
  return (
    <Typography.Link href={url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
      <LinkOutlined /> {url}
    </Typography.Link>
  );
}

interface EvidenceFieldProps {
  /** The indicator's name, so each link field has its own accessible name. */
  indicatorName: string;
  value: IndicatorValue | undefined;
  unitCode: string;
  required: boolean;
  urlError?: string;
  fileError?: string;
  onChange: (patch: Partial<IndicatorValue>) => void;
}

/** Evidence of one indicator: the disclosure page URL and/or an uploaded PDF/image. */
export function EvidenceField({ indicatorName, value, unitCode, required, urlError, fileError, onChange }: EvidenceFieldProps) {
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const [fileName, setFileName] = useState<{ hash: string; name: string } | null>(null);
  const hash = value?.evidenceFile ?? null;

  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    if (!(file instanceof Blob)) return;
    const name = file instanceof File ? file.name : 'evidence';
    const controller = new AbortController();
    setUploading(true);
    uploadEvidence(file, name, unitCode, controller.signal)
      .then((res) => {
        setFileName({ hash: res.hash, name: res.originalName });
        onChange({ evidenceFile: res.hash });
        onSuccess?.(res);
        message.success(`已上传：${res.originalName}`);
      })
      .catch((err: unknown) => {
        const text = err instanceof Error ? err.message : '上传失败';
        onError?.(err instanceof Error ? err : new Error(text));
        message.error(text);
      })
      .finally(() => setUploading(false));
    return { abort: () => controller.abort() };
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    if (file.size > EVIDENCE_MAX_BYTES) {
      message.error('文件超过 10 MB 上限');
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const error = [urlError, fileError].filter(Boolean).join('；') || undefined;
  return (
    <Form.Item
      label={required ? '证明材料（公开网页链接或上传文件，至少一项）' : '证明材料'}
      validateStatus={error ? 'error' : undefined}
      help={error}
      style={{ marginBottom: 12 }}
    >
      <Flex wrap gap={8} align="center">
        <Input
          value={value?.evidenceUrl ?? ''}
          onChange={(e) => onChange({ evidenceUrl: e.target.value })}
          placeholder="公开网页链接，如 https://www.example.gov.cn/…"
          prefix={<LinkOutlined />}
          allowClear
          maxLength={2000}
          status={urlError ? 'error' : undefined}
          style={{ flex: '1 1 320px', maxWidth: 460 }}
          aria-label={`${indicatorName} 公开网页链接`}
        />
        <Upload accept={EVIDENCE_ACCEPT} showUploadList={false} customRequest={customRequest} beforeUpload={beforeUpload} maxCount={1}>
          <Button icon={<UploadOutlined />} loading={uploading} title="PDF、JPG 或 PNG，不超过 10 MB">
            {hash ? '重新上传' : '上传文件'}
          </Button>
        </Upload>
        {hash ? (
          <span>
            <EvidenceFileLink hash={hash} name={fileName?.hash === hash ? fileName.name : undefined} />
            <Button type="text" size="small" icon={<CloseOutlined />} aria-label="移除证明文件" onClick={() => onChange({ evidenceFile: null })} />
          </span>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            PDF/JPG/PNG，≤ 10 MB
          </Typography.Text>
        )}
      </Flex>
    </Form.Item>
  );
}
