import { StarFilled } from '@ant-design/icons';
import { Card, Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { useFormatDate } from '../../app/format';

/** A recent rating with a comment (GET /analytics/comments). */
export interface CommentView {
  id: string;
  workOrderId: string;
  workOrderNumber: string;
  stars: number | null;
  comment: string;
  submittedAt: string;
}

/** The latest comments, newest first: ★, the words, when, and links to the rating and its work order. */
export function LatestComments({ comments, loading }: { comments: CommentView[]; loading: boolean }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <Card
      title={t('analytics.comments.title')}
      loading={loading}
      data-testid="comments-card"
      style={{ height: '100%' }}
    >
      {comments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analytics.comments.empty')} />
      ) : (
        <List
          size="small"
          dataSource={comments}
          renderItem={(comment) => (
            <List.Item key={comment.id} data-testid="comment">
              <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: comment.comment }} style={{ marginBottom: 0 }}>
                  <Link to={`/ratings/${comment.id}`}>“{comment.comment}”</Link>
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <StarFilled style={{ color: '#d48806' }} aria-hidden /> {formatScore(comment.stars)} ·{' '}
                  <Link to={`/work-orders/${comment.workOrderId}`} style={{ textDecoration: 'underline' }}>
                    {comment.workOrderNumber}
                  </Link>{' '}
                  · {formatDate(comment.submittedAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
