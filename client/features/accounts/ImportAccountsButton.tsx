import { useState } from 'react';
import { Alert, App, Button, Modal, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { IMPORT_COLUMNS } from '../../../shared/accounts';
import { errorInfo, useTRPC, type FieldError } from '../../lib/trpc';
import type { Issued } from './CredentialsModal';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('无法读取文件'));
    r.readAsDataURL(file);
  });
}

/** Uploads an account list (单位代码, 姓名, 手机号, 角色); all accounts are created or none, problems listed by cell. */
export function ImportAccountsButton({ onIssued }: { onIssued: (issued: Issued) => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ message: string; cells: FieldError[] } | null>(null);
  const m = useMutation(
    trpc.accounts.importExcel.mutationOptions({
      onSuccess: (data) => {
        setProblems(null);
        onIssued(data);
      },
      onError: (err) => {
        const info = errorInfo(err);
        const cells = info.fieldErrors.filter((f) => f.path.includes('!'));
        if (cells.length || info.code === 'BAD_REQUEST') setProblems({ message: cells.length ? `账号清单有 ${cells.length} 处问题，未创建任何账号` : info.message, cells });
        else message.error(info.message);
      },
    }),
  );
  return (
    <>
      <Upload
        accept=".xlsx"
        showUploadList={false}
        beforeUpload={(file) => {
          void readBase64(file).then((contentBase64) => m.mutate({ fileName: file.name, contentBase64 }), (e: Error) => message.error(e.message));
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={m.isPending}>
          导入账号清单（Excel）
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        第一行表头：{IMPORT_COLUMNS.join('、')}；角色留空时按单位层级取设区市或县(市、区)住建局
      </Typography.Text>
      <Modal open={!!problems} title="账号清单未导入" onCancel={() => setProblems(null)} footer={<Button onClick={() => setProblems(null)}>知道了</Button>}>
        <Alert type="error" showIcon title={problems?.message} style={{ marginBottom: 12 }} role="alert" />
        {problems && problems.cells.length > 0 && (
          <ul style={{ maxHeight: 320, overflow: 'auto', paddingLeft: 20 }} data-testid="import-problems">
            {problems.cells.map((p, i) => (
              <li key={i}>
                <b>{p.path.replace(/^.*!/, '')}</b>：{p.message}
              </li>
            ))}
          </ul>
        )}
      </Modal>
    </>
  );
}
