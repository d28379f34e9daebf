import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const sqs = new SQSClient({});
const sns = new SNSClient({});

// A FIFO queue drops a message whose deduplication id it has seen in the last five minutes.
export const receive = async (request: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const event = stripe.webhooks.constructEvent(request.body!, request.headers['Stripe-Signature']!, process.env.STRIPE_WEBHOOK_SECRET!);
  await sqs.send( // safe: race/require-webhook-idempotency
    new SendMessageCommand({
      QueueUrl: process.env.EVENTS_QUEUE_URL,
      MessageBody: JSON.stringify(event),
      MessageGroupId: event.type,
      MessageDeduplicationId: event.id,
    }),
  );
  return { statusCode: 200, body: '' };
};

// Fanned out to every subscriber once per delivery, duplicates included.
export const fanOut = async (request: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const event = stripe.webhooks.constructEvent(request.body!, request.headers['Stripe-Signature']!, process.env.STRIPE_WEBHOOK_SECRET!);
  await sns.send(new PublishCommand({ TopicArn: process.env.BILLING_TOPIC_ARN, Message: JSON.stringify(event.data.object) })); // expect: race/require-webhook-idempotency
  return { statusCode: 200, body: '' };
};
