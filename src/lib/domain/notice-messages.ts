/**
 * Messages as the notifier stores them in the outbox, before any platform's format: a group
 * message (markdown in Chinese, a link into the app, phones to @-mention) or a push.
 */

export type RobotMessage = {
	kind: 'robot';
	/** A short title: 钉钉 shows it in the chat list, 飞书 as the card's header. */
	title: string;
	/** The body in the markdown subset all three platforms render: `**bold**`, `[text](url)`, `> quote`, line breaks. */
	markdown: string;
	/** Absolute address of the page in the app the message is about. */
	link: string;
	/** Phone numbers to @-mention where the platform can (钉钉 `atMobiles`, 企业微信 text follow-up). */
	mentions: string[];
};

export type PushMessage = {
	kind: 'push';
	title: string;
	body: string;
	/** Absolute address opened by a tap on the notification. */
	url: string;
	/** Notifications with one tag replace each other (one per task or matter). */
	tag: string;
	/** Urgent pushes ignore quiet hours and ask the push service for high urgency. */
	urgent: boolean;
};

export type DeliveryMessage = RobotMessage | PushMessage;
