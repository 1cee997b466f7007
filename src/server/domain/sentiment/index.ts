export { analyzeSentiment, SENTIMENT_LEXICONS, type Sentiment, type SentimentLexicon } from './analyze-sentiment.js';
