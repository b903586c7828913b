import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '../../../server/root';
import { STATUS_NAMES, type AccountStatus } from '../../../shared/accounts';
import { formatDateTimeZh } from '../../../shared/dates';
import { ROLE_NAMES, ROLES, ROLES_FOR_LEVEL, isAdminRole, type Role } from '../../../shared/roles';
import { QueryState } from '../../lib/states';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/useMe';
import { CreateAccountsDrawer } from './CreateAccountsDrawer';
import { CredentialsModal, type Issued } from './CredentialsModal';
import { ImportAccountsButton } from './ImportAccountsButton';

type Row = RouterOutputs['accounts']['list']['rows'][number];
interface Filters {
  search?: string;
  role?: Role;
  status?: AccountStatus;
  page: number;
  pageSize: number;
}

const STATUS_COLORS: Record<AccountStatus, string> = { active: 'green', disabled: 'default', locked: 'red', mustChange: 'gold' };

/**
 * Accounts: the system administrator creates (picked in the org tree or from an Excel list), resets,
 * disables/enables and unlocks; the security administrator changes business roles.
 */
export default function AccountsPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isSys = me.user?.role === 'sysadmin';
  const isSec = me.user?.role === 'secadmin';
  const [filters, setFilters] = useState<Filters>({ page: 1, pageSize: 20 });
  const [issued, setIssued] = useState<{ data: Issued; title: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const [toggling, setToggling] = useState<Row | null>(null);
  const [roleOf, setRoleOf] = useState<Row | null>(null);
  const q = useQuery({ ...trpc.accounts.list.queryOptions(filters), placeholderData: keepPreviousData });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.accounts.list.pathKey() });
  const onError = (err: unknown) => message.error(errorInfo(err).message);

  const reset = useMutation(
    trpc.accounts.resetPassword.mutationOptions({
      onSuccess: (r) => {
        setIssued({ data: { accounts: [r.account], sheet: r.sheet }, title: `已重置 ${r.account.username} 的密码` });
        void refresh();
      },
      onError,
    }),
  );
  const unlock = useMutation(
    trpc.accounts.unlock.mutationOptions({
      onSuccess: () => {
        message.success('已解锁');
        void refresh();
      },
      onError,
    }),
  );

  const columns = [
    { title: '用户名', dataIndex: 'username', render: (v: string) => <code>{v}</code> },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '单位', key: 'unit', render: (_: unknown, r: Row) => `${r.unitName}（${r.unitCode}）` },
    { title: '角色', dataIndex: 'roleName' },
    { title: '手机号', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    {
      title: '状态',
      key: 'status',
      render: (_: unknown, r: Row) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLORS[r.status]}>{STATUS_NAMES[r.status]}</Tag>
          {r.locked && r.status !== 'locked' && <Tag color="red">已锁定</Tag>}
        </Space>
      ),
    },
    { title: '最后登录', dataIndex: 'lastLoginAt', render: (v: string | null, r: Row) => (v ? `${formatDateTimeZh(v)}${r.lastLoginIp ? `（${r.lastLoginIp}）` : ''}` : '从未登录') },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, r: Row) => {
        const self = r.id === me.user?.accountId;
        if (isSec) {
          return (
            <Button size="small" disabled={self || isAdminRole(r.role)} onClick={() => setRoleOf(r)}>
              修改角色
            </Button>
          );
        }
        return (
          <Space size={4} wrap>
            <Popconfirm
              title={`重置 ${r.username} 的密码？`}
              description="将生成新的一次性密码，该账号的登录全部退出，下次登录须修改密码。"
              okText="重置"
              cancelText="取消"
              onConfirm={() => reset.mutate({ id: r.id })}
              disabled={self}
            >
              <Button size="small" disabled={self}>
                重置密码
              </Button>
            </Popconfirm>
            <Button size="small" danger={r.active} disabled={self} onClick={() => setToggling(r)}>
              {r.active ? '停用' : '启用'}
            </Button>
            {r.locked && (
              <Popconfirm title={`解除 ${r.username} 的锁定？`} okText="解锁" cancelText="取消" onConfirm={() => unlock.mutate({ id: r.id })}>
                <Button size="small">解锁</Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} className="page-title">
        账号管理
      </Typography.Title>
      <Card>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder="用户名、姓名、单位名称或代码"
            aria-label="搜索账号"
            style={{ width: 260, maxWidth: '100%' }}
            onSearch={(v) => setFilters((f) => ({ ...f, page: 1, search: v || undefined }))}
          />
          <Select
            allowClear
            placeholder="全部角色"
            aria-label="按角色筛选"
            style={{ width: 170 }}
            options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
            onChange={(v: Role | undefined) => setFilters((f) => ({ ...f, page: 1, role: v }))}
          />
          <Select
            allowClear
            placeholder="全部状态"
            aria-label="按状态筛选"
            style={{ width: 150 }}
            options={(Object.keys(STATUS_NAMES) as AccountStatus[]).map((s) => ({ value: s, label: STATUS_NAMES[s] }))}
            onChange={(v: AccountStatus | undefined) => setFilters((f) => ({ ...f, page: 1, status: v }))}
          />
          {isSys && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                批量开户
              </Button>
              <ImportAccountsButton
                onIssued={(data) => {
                  setIssued({ data, title: `已按账号清单开设 ${data.accounts.length} 个账号` });
                  void refresh();
                }}
              />
            </>
          )}
        </Space>
      </Card>
      <Card>
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} empty={q.data?.total === 0} emptyText="没有符合条件的账号">
          <Table
            rowKey="id"
            size="small"
            loading={q.isFetching}
            scroll={{ x: 960 }}
            dataSource={q.data?.rows ?? []}
            columns={columns}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: q.data?.total ?? 0,
              showTotal: (n) => `共 ${n} 个账号`,
              onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
            }}
          />
        </QueryState>
      </Card>
      {isSys && (
        <CreateAccountsDrawer
          open={creating}
          onClose={() => setCreating(false)}
          onIssued={(data) => {
            setCreating(false);
            setIssued({ data, title: `已开设 ${data.accounts.length} 个账号` });
            void refresh();
          }}
        />
      )}
      <CredentialsModal issued={issued?.data ?? null} title={issued?.title ?? ''} onClose={() => setIssued(null)} />
      <ToggleModal row={toggling} onClose={() => setToggling(null)} onDone={() => void refresh()} />
      <RoleModal row={roleOf} onClose={() => setRoleOf(null)} onDone={() => void refresh()} />
    </Space>
  );
}

/** Disabling or enabling needs a reason, asked for here (the confirmation before a destructive step). */
function ToggleModal({ row, onClose, onDone }: { row: Row | null; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const m = useMutation(
    trpc.accounts.setActive.mutationOptions({
      onSuccess: () => {
        message.success(row?.active ? '账号已停用，其登录已全部退出' : '账号已启用');
        form.resetFields();
        onClose();
        onDone();
      },
      onError: (err) => message.error(errorInfo(err).message),
    }),
  );
  const disabling = row?.active ?? false;
  return (
    <Modal
      open={!!row}
      title={row ? `${disabling ? '停用' : '启用'}账号 ${row.username}（${row.displayName}）` : ''}
      okText={disabling ? '确认停用' : '确认启用'}
      okButtonProps={{ danger: disabling, loading: m.isPending }}
      cancelText="取消"
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => row && m.mutate({ id: row.id, active: !disabling, reason: v.reason }))}
      destroyOnHidden
    >
      {disabling && <Typography.Paragraph type="secondary">停用后该账号不能登录，正在使用的登录立即退出。</Typography.Paragraph>}
      <Form form={form} layout="vertical">
        <Form.Item label="原因" name="reason" rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={disabling ? '如：人员调离' : '如：恢复使用'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The security administrator's role change: only business roles that fit the account's unit. */
function RoleModal({ row, onClose, onDone }: { row: Row | null; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [role, setRole] = useState<Role | null>(null);
  const m = useMutation(
    trpc.accounts.setRole.mutationOptions({
      onSuccess: () => {
        message.success('角色已修改，该账号下次登录生效');
        onClose();
        onDone();
      },
      onError: (err) => message.error(errorInfo(err).message),
    }),
  );
  const options = row ? ROLES_FOR_LEVEL[row.unitLevel].filter((r) => !isAdminRole(r)) : [];
  return (
    <Modal
      open={!!row}
      title={row ? `修改 ${row.username}（${row.displayName}）的角色` : ''}
      okText="确认修改"
      cancelText="取消"
      okButtonProps={{ disabled: !role || role === row?.role, loading: m.isPending }}
      onCancel={onClose}
      onOk={() => row && role && m.mutate({ id: row.id, role })}
      afterOpenChange={(open) => setRole(open && row ? row.role : null)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">当前角色：{row?.roleName}。修改后该账号的登录全部退出，新角色在下次登录时生效。三员角色不能修改。</Typography.Paragraph>
      <Select aria-label="新角色" style={{ width: '100%' }} value={role ?? undefined} onChange={setRole} options={options.map((r) => ({ value: r, label: ROLE_NAMES[r] }))} />
    </Modal>
  );
}
