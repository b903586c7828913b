import { Alert, Button, Modal, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { RouterOutputs } from '../../../server/root';
import { saveBlob } from '../excel/download';

export type Issued = RouterOutputs['accounts']['create'];

export function downloadSheet(sheet: Issued['sheet']): void {
  const bytes = Uint8Array.from(atob(sheet.contentBase64), (c) => c.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), sheet.fileName);
}

/**
 * The one-time passwords, shown once: the server keeps only their hashes. The 账号分发表 (A4
 * workbook) is downloaded from here for printing and handing out.
 */
export function CredentialsModal({ issued, title, onClose }: { issued: Issued | null; title: string; onClose: () => void }) {
  return (
    <Modal
      open={!!issued}
      title={title}
      width={860}
      onCancel={() => Modal.confirm({ title: '关闭后将无法再次查看这些初始密码', content: '请确认已下载账号分发表。', okText: '已下载，关闭', cancelText: '返回', onOk: onClose })}
      footer={[
        <Button key="dl" type="primary" icon={<DownloadOutlined />} onClick={() => issued && downloadSheet(issued.sheet)}>
          下载账号分发表（Excel）
        </Button>,
      ]}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="初始密码只显示这一次，系统不保存明文。请下载账号分发表打印、当面或密封分发；各账号首次登录须修改密码。"
      />
      <Table
        size="small"
        rowKey="id"
        scroll={{ x: 640 }}
        pagination={issued && issued.accounts.length > 20 ? { pageSize: 20 } : false}
        dataSource={issued?.accounts ?? []}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'roleName' },
          { title: '用户名', dataIndex: 'username', render: (v: string) => <code>{v}</code> },
          { title: '初始密码', dataIndex: 'password', render: (v: string) => <code data-testid="one-time-password">{v}</code> },
        ]}
      />
    </Modal>
  );
}
